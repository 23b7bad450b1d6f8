using Hw2.MLNet.Data;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Experiments;

/// <summary>Training and test rows with the label already mapped to a key (fitted on the training rows), as the trainer needs.</summary>
internal sealed record ExperimentData(IDataView Train, IDataView Test, PixelScale Scale, string Name)
{
    /// <summary>Keys the labels of a train/test pair of data views.</summary>
    public static ExperimentData FromViews(MLContext mlContext, IDataView train, IDataView test, PixelScale scale, string name)
    {
        ITransformer keys = mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(train);
        return new ExperimentData(keys.Transform(train), keys.Transform(test), scale, name);
    }

    /// <summary>Obtains <paramref name="dataset"/> into <paramref name="dataFolder"/>/name if needed and opens it at <paramref name="scale"/>.</summary>
    public static ExperimentData Open(MLContext mlContext, ImageDataset dataset, DirectoryInfo dataFolder, PixelScale scale, Action<string> log) =>
        Load(mlContext, dataset, Obtain(dataset, dataFolder, log), scale);

    /// <summary>Makes sure the verified files of <paramref name="dataset"/> are in <paramref name="dataFolder"/>/name; returns that folder.</summary>
    public static string Obtain(ImageDataset dataset, DirectoryInfo dataFolder, Action<string> log)
    {
        string folder = Path.Combine(dataFolder.FullName, dataset.Name);
        dataset.EnsurePresent(folder, log);
        return folder;
    }

    /// <summary>Opens the files of <paramref name="dataset"/> in <paramref name="folder"/> (already verified) at <paramref name="scale"/>.</summary>
    public static ExperimentData Load(MLContext mlContext, ImageDataset dataset, string folder, PixelScale scale)
    {
        (IdxDataView train, IdxDataView test) = dataset.LoadDataViews(folder, scale);
        return FromViews(mlContext, train, test, scale, dataset.Name);
    }

    /// <summary>Number of training rows.</summary>
    public long TrainRows => Train.GetRowCount() ?? throw new InvalidOperationException("The training data does not know its row count.");
}
