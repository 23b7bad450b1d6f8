namespace Hw2.MLNet.Data;

/// <summary>One file of a data set and the SHA-256 it must have.</summary>
/// <param name="Name">File name inside the data set folder.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
public sealed record DatasetFile(string Name, string Sha256);
