namespace Hw2.MLNet.Training;

/// <summary>Training produced a non-finite loss or weight; the message says where and suggests a remedy.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for the given place in training.</summary>
    public TrainingDivergedException(int epoch, int batch, float learningRate, string what)
        : base($"Training diverged at epoch {epoch}, batch {batch}: {what} (learning rate {learningRate}). " +
               "Lower the learning rate or scale the inputs (e.g. pixels / 255).")
    {
        Epoch = epoch;
        Batch = batch;
        LearningRate = learningRate;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>1-based epoch in which it happened.</summary>
    public int Epoch { get; }

    /// <summary>1-based batch within that epoch.</summary>
    public int Batch { get; }

    /// <summary>The learning rate in force.</summary>
    public float LearningRate { get; }
}
