namespace Hw2.MLNet.Data.Sources;

/// <summary>A data source cannot deliver here: its tool is missing, it is unreachable, or it lacks a file.</summary>
public sealed class DatasetSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatasetSourceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DatasetSourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DatasetSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
