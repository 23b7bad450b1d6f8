using Hw2.MLNet.Activations;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Losses;

/// <summary>
/// The loss of a network's output layer for one task, fused with its gradient: the one thing the engines, the
/// training loop and validation need to know about the task. <typeparamref name="TTarget"/> is what a row's target is:
/// a class index (<see cref="int"/>) for the classifiers, a value (<see cref="float"/>) for a regression.
/// </summary>
/// <typeparam name="TTarget">The type of one row's target.</typeparam>
internal interface IOutputLoss<TTarget>
    where TTarget : unmanaged
{
    /// <summary>True when rows can be right or wrong (<see cref="LossResult.Correct"/> means something): the classifiers.</summary>
    bool CountsCorrect { get; }

    /// <summary>
    /// Returns the rows' mean loss and correct rows and writes <c>gradient = dL/doutputs</c> of the batch's mean loss.
    /// <paramref name="gradient"/> has the shape of <paramref name="outputs"/> and may be <paramref name="outputs"/> itself.
    /// The rows are a whole batch unless <paramref name="block"/> says where in a larger one they lie.
    /// </summary>
    LossResult LossAndGradient(Matrix outputs, ReadOnlySpan<TTarget> targets, Matrix gradient, BatchBlock block = default);

    /// <summary>The batch's mean loss and correct rows, using <paramref name="outputs"/>' storage as scratch (its values are overwritten).</summary>
    LossResult LossOverwriting(Matrix outputs, ReadOnlySpan<TTarget> targets);

    /// <summary>
    /// The group a row belongs to when a validation set is held out: each group gives the same fraction of its rows
    /// (the class for a classifier, one group for a regression).
    /// </summary>
    int Stratum(TTarget target);
}
