namespace Hw2.MLNet;

/// <summary>The model's outputs for the current row (mapped by the task's <see cref="Network.OutputMap"/>), computed when first asked for.</summary>
internal interface IRowScores
{
    /// <summary>Number of rows scored so far (for tests of laziness).</summary>
    long RowsScored { get; }

    /// <summary>The current row's outputs: class probabilities, the logit, or the prediction; valid until the cursor moves.</summary>
    ReadOnlySpan<float> Current();
}
