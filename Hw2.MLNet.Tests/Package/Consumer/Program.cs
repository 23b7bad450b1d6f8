// A user's program against the Hw2.MLNet package: the three trainers through ML.NET's catalogs, Evaluate, the
// model file's round trip, and the ONNX export wrapped as a standard ML.NET model (ApplyOnnxModel + Model.Save) into
// the folder given as the argument, with the test rows' features and scores beside it for the Deployment project.
// Prints one line per check; the package test reads them.
using System.Globalization;
using Hw2.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

var ml = new MLContext(seed: 1);
var random = new Random(1);
Row[] rows = [.. Enumerable.Range(0, 600).Select(_ =>
{
    float[] x = [(float)random.NextDouble() * 4 - 2, (float)random.NextDouble() * 4 - 2];
    return new Row { Features = x, Class = x[0] > 0 ? (x[1] > 0 ? "a" : "b") : "c", Positive = x[0] + (x[1] * x[1]) > 1, Value = 3 * x[0] - x[1] };
})];
IDataView data = ml.Data.LoadFromEnumerable(rows);
DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 1);

var multiclass = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Class))
    .Append(ml.MulticlassClassification.Trainers.Mlp(new MlpTrainerOptions { HiddenLayers = [32], MaxEpochs = 30, LearningRate = 0.01f }))
    .Fit(split.TrainSet);
Console.WriteLine($"multiclass accuracy {ml.MulticlassClassification.Evaluate(multiclass.Transform(split.TestSet)).MicroAccuracy:F4}");

var binary = ml.Transforms.CopyColumns("Label", nameof(Row.Positive)).Append(ml.BinaryClassification.Trainers.Mlp()).Fit(split.TrainSet);
Console.WriteLine($"binary accuracy {ml.BinaryClassification.Evaluate(binary.Transform(split.TestSet)).Accuracy:F4}");

var regression = ml.Transforms.CopyColumns("Label", nameof(Row.Value)).Append(ml.Regression.Trainers.Mlp()).Fit(split.TrainSet);
Console.WriteLine($"regression r2 {ml.Regression.Evaluate(regression.Transform(split.TestSet)).RSquared:F4}");

string path = Path.Combine(Path.GetTempPath(), $"hw2-consumer-{Guid.NewGuid():N}.zip");
MlpModelIO.Save(ml, multiclass, data.Schema, path);
(ITransformer loaded, _) = MlpModelIO.Load(new MLContext(seed: 2), path);
File.Delete(path);
float[] before = [.. multiclass.Transform(split.TestSet).GetColumn<float[]>("Score").SelectMany(s => s)];
float[] after = [.. loaded.Transform(split.TestSet).GetColumn<float[]>("Score").SelectMany(s => s)];
Console.WriteLine($"scores equal after load {before.SequenceEqual(after)}");

string deployment = args[0];
Directory.CreateDirectory(deployment);
string onnx = Path.Combine(deployment, "multiclass.onnx");
MlpModelIO.SaveOnnx(ml, multiclass, data.Schema, onnx);
ITransformer onnxModel = ml.Transforms.ApplyOnnxModel(["Score"], ["Features"], onnx).Fit(data);
ml.Model.Save(onnxModel, data.Schema, Path.Combine(deployment, "multiclass.zip"));
float[][] testScores = [.. multiclass.Transform(split.TestSet).GetColumn<float[]>("Score")];
File.WriteAllLines(Path.Combine(deployment, "rows.csv"), split.TestSet.GetColumn<float[]>("Features").Select((x, i) =>
    string.Join(',', x.Concat(testScores[i]).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
Console.WriteLine($"onnx model written {testScores[0].Length} classes");

internal sealed class Row
{
    [VectorType(2)]
    public float[] Features { get; set; } = [];

    public string Class { get; set; } = "";

    public bool Positive { get; set; }

    public float Value { get; set; }
}
