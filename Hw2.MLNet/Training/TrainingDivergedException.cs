namespace Hw2.MLNet.Training;

/// <summary>
/// Training diverged: a loss or weight stopped being finite, or a batch's loss rose past
/// <see cref="TrainingOptions.DivergenceFactor"/> times the loss before the first update. The message says where,
/// with the learning rate and both losses, and suggests a remedy.
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for the given place in training.</summary>
    /// <param name="epoch">1-based epoch.</param>
    /// <param name="batch">1-based batch within the epoch.</param>
    /// <param name="learningRate">The learning rate in force.</param>
    /// <param name="loss">The batch loss that ended training (NaN or infinite when that was the cause).</param>
    /// <param name="initialLoss">The first batch's loss, before any update (NaN when training stopped at the first batch).</param>
    /// <param name="what">What went wrong, e.g. "the loss is NaN".</param>
    internal TrainingDivergedException(int epoch, int batch, float learningRate, float loss, float initialLoss, string what)
        : base(FormattableString.Invariant(
            $"Training diverged at epoch {epoch}, batch {batch}: {what} (learning rate {learningRate}). Lower the learning rate or scale the inputs (e.g. pixels / 255)."))
    {
        Epoch = epoch;
        Batch = batch;
        LearningRate = learningRate;
        Loss = loss;
        InitialLoss = initialLoss;
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

    /// <summary>The loss of the batch that ended training.</summary>
    public float Loss { get; }

    /// <summary>The loss of the first batch, before any update: the rule's reference.</summary>
    public float InitialLoss { get; }
}
