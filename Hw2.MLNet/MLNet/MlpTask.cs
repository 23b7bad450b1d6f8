namespace Hw2.MLNet;

/// <summary>What a model predicts: which trainer made it, and so which columns it adds when it scores.</summary>
public enum MlpTask
{
    /// <summary><see cref="MlpTrainer"/>: <c>Score</c> (the class probabilities) and <c>PredictedLabel</c> (a key).</summary>
    MulticlassClassification,

    /// <summary><see cref="MlpBinaryTrainer"/>: <c>Score</c> (the logit), <c>Probability</c> and <c>PredictedLabel</c> (Boolean).</summary>
    BinaryClassification,

    /// <summary><see cref="MlpRegressionTrainer"/>: <c>Score</c> (the prediction, in the label's units).</summary>
    Regression,
}
