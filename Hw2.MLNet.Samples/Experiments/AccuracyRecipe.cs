using System.Globalization;
using Hw2.MLNet.Data;
using Hw2.MLNet.Network;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Samples.Experiments;

/// <summary>
/// The options of the three runs the <c>recipe</c> command compares on 28 × 28 images: the homework's network and
/// protocol, the best settings before dropout, and the accuracy recipe, whose every choice (architecture, rates,
/// augmentation, the epoch whose weights are kept) was made on a validation split of the training images of each data
/// set. How the choice was made, with the candidates and their validation accuracies, is in BENCHMARKS.md.
/// </summary>
internal static class AccuracyRecipe
{
    /// <summary>Epochs of the recipe.</summary>
    public const int Epochs = 50;

    /// <summary>Width and height of the images.</summary>
    public const int ImageSide = 28;

    /// <summary>
    /// Two hidden layers of 1024 ReLU units with He initialisation and dropout 0.5 on the hidden units (Srivastava et
    /// al. 2014); Adam at 1e-3 in batches of 128 with a cosine decay over <paramref name="epochs"/> epochs; 10 % of the
    /// training images held out (stratified, seeded), and the weights of the epoch with the best validation accuracy
    /// kept (training is not cut short: the patience is the whole run). On MNIST also dropout 0.2 on the pixels and
    /// every training image shifted by up to ±2 pixels; on Fashion-MNIST neither (each lost validation accuracy there:
    /// 88.55 % with them, 90.93 % without; BENCHMARKS.md).
    /// </summary>
    public static MlpTrainerOptions Options(ImageDataset dataset, int epochs = Epochs)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        bool digits = dataset == ImageDataset.Mnist;
        return new MlpTrainerOptions
        {
            HiddenLayers = [1024, 1024],
            Initialization = WeightInitialization.HeUniform,
            Dropout = 0.5f,
            InputDropout = digits ? 0.2f : 0f,
            Augmentation = digits ? new RandomShift(ImageSide, ImageSide, maxShift: 2) : null,
            Optimizer = OptimizerKind.Adam,
            LearningRate = 1e-3f,
            BatchSize = 128,
            MaxEpochs = epochs,
            LearningRateSchedule = new CosineDecaySchedule(epochs),
            ValidationFraction = 0.1,
            EarlyStopping = new PatienceStopping(MonitoredMetric.ValidationAccuracy, patience: epochs, restoreBestWeights: true),
        };
    }

    /// <summary>
    /// The recipe's settings in words, for the <c>recipe</c> command's summary: what varies between data sets (the
    /// input dropout, the shifts) is read from <paramref name="options"/>, so the words follow <see cref="Options"/>.
    /// </summary>
    public static string Describe(MlpTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string dropout = options.InputDropout > 0f
            ? string.Create(CultureInfo.InvariantCulture, $"dropout {options.Dropout} / input {options.InputDropout}")
            : string.Create(CultureInfo.InvariantCulture, $"dropout {options.Dropout}");
        string shifts = options.Augmentation is RandomShift shift ? $", shifts ±{shift.MaxShift} px" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{string.Join(", ", options.HiddenLayers)}] He, {dropout}{shifts}, Adam 1e-3, cosine decay, batch {options.BatchSize}, {options.ValidationFraction:P0} validation, best validation epoch kept");
    }

    /// <summary>The best settings before dropout (the README's <i>Beyond the homework</i>): [300, 100], Adam 1e-3 with a cosine decay over 20 epochs, weight decay 1e-4.</summary>
    public static MlpTrainerOptions PreviousBest() => new()
    {
        HiddenLayers = [300, 100],
        Optimizer = OptimizerKind.Adam,
        LearningRate = 1e-3f,
        BatchSize = 128,
        MaxEpochs = 20,
        LearningRateSchedule = new CosineDecaySchedule(20),
        WeightDecay = 1e-4f,
    };
}
