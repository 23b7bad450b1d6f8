using Hw2.MLNet.Training;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Evaluation;

/// <summary>One point of a learning curve.</summary>
/// <param name="TrainingSize">Rows trained on.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="StopReason">Why training ended.</param>
/// <param name="Train">Metrics on the rows trained on.</param>
/// <param name="Test">Metrics on the test set.</param>
/// <param name="Elapsed">Wall time of reading the rows, training and both evaluations.</param>
/// <param name="TrainingElapsed">The part of it spent in training epochs.</param>
public sealed record LearningCurvePoint(
    int TrainingSize,
    int Epochs,
    StopReason StopReason,
    MulticlassClassificationMetrics Train,
    MulticlassClassificationMetrics Test,
    TimeSpan Elapsed,
    TimeSpan TrainingElapsed);

