namespace Hw2.MLNet.Training;

/// <summary>
/// The divergence rule of <see cref="TrainingLoop"/>: training stops with a <see cref="TrainingDivergedException"/>
/// when a batch's loss is not finite, or exceeds <see cref="TrainingOptions.DivergenceFactor"/> times the first
/// batch's loss (computed before any update). The reference is the loss of the untrained network because that is
/// the one figure every run has and no healthy run leaves far behind upward: a trainer that works lowers it.
/// </summary>
internal sealed class DivergenceGuard(double factor)
{
    private float initialLoss = float.NaN;
    private float lastLoss = float.NaN;

    /// <summary>Checks the loss of one batch; the first call sets the reference.</summary>
    /// <exception cref="TrainingDivergedException">The loss is not finite or too far above the reference.</exception>
    public void Check(float loss, int epoch, int batch, float learningRate)
    {
        lastLoss = loss;
        if (!float.IsFinite(loss))
        {
            throw new TrainingDivergedException(epoch, batch, learningRate, loss, initialLoss, $"the loss is {loss}");
        }

        if (float.IsNaN(initialLoss))
        {
            initialLoss = loss;
            return;
        }

        if (loss > factor * initialLoss)
        {
            throw new TrainingDivergedException(
                epoch,
                batch,
                learningRate,
                loss,
                initialLoss,
                FormattableString.Invariant($"the loss {loss:G4} is more than {factor:G4} × the loss before the first update ({initialLoss:G4})"));
        }
    }

    /// <summary>Checks the weights after an epoch (a finite loss can still come from weights that overflowed on the last update).</summary>
    public void CheckParameters(Network.MlpParameters parameters, int epoch, int batch, float learningRate)
    {
        if (parameters.FirstNonFinite() is string bad)
        {
            throw new TrainingDivergedException(epoch, batch, learningRate, lastLoss, initialLoss, $"parameter {bad} is no longer finite");
        }
    }
}
