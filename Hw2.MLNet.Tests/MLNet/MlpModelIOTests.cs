using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Hw2.MLNet.Tests.Support;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

[TestClass]
public sealed class MlpModelIOTests
{
    private readonly MLContext ml = new(seed: 1);
    private string folder = null!;

    [TestInitialize]
    public void Setup() => folder = Directory.CreateTempSubdirectory("hw2-model-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    private (ITransformer Model, IDataView Train) Trained()
    {
        IDataView train = SyntheticData.View(ml, 150, 1);
        MlpTrainerOptions options = SyntheticData.SmallOptions();
        options.MonitorData = ml.Transforms.Conversion.MapValueToKey("Label").Fit(train).Transform(SyntheticData.View(ml, 40, 5));
        return (SyntheticData.Pipeline(ml, options).Fit(train), train);
    }

    /// <summary>
    /// Labels of every kind a user keys (text, Single as IDX files give, Int32, Boolean): the model's PredictedLabel
    /// carries the label's own key values with their own type, MapKeyToValue gives back the original labels, and a
    /// saved and loaded model does the same.
    /// </summary>
    [TestMethod]
    [DataRow("text")]
    [DataRow("single")]
    [DataRow("int")]
    [DataRow("bool")]
    public void KeyValuesKeepTheirTypeThroughTrainingAndTheModelFile(string kind)
    {
        List<SyntheticData.Row> rows = SyntheticData.Rows(90, 3);
        int classes = kind == "bool" ? 2 : 3;
        object Label(int i) => kind switch
        {
            "single" => (object)(float)(Array.IndexOf(SyntheticData.Classes, rows[i].Label) * 1.5f),
            "int" => Array.IndexOf(SyntheticData.Classes, rows[i].Label) * 7,
            "bool" => Array.IndexOf(SyntheticData.Classes, rows[i].Label) == 1,
            _ => rows[i].Label,
        };
        IDataView data = kind switch
        {
            "single" => ml.Data.LoadFromEnumerable(rows.Select((r, i) => new TypedRow<float> { Label = (float)Label(i), Features = r.Features })),
            "int" => ml.Data.LoadFromEnumerable(rows.Select((r, i) => new TypedRow<int> { Label = (int)Label(i), Features = r.Features })),
            "bool" => ml.Data.LoadFromEnumerable(rows.Select((r, i) => new TypedRow<bool> { Label = (bool)Label(i), Features = r.Features })),
            _ => ml.Data.LoadFromEnumerable(rows),
        };
        ITransformer model = SyntheticData.Pipeline(ml, SyntheticData.SmallOptions(seed: 1)).Fit(data);
        DataViewSchema.Column keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data).Schema["Label"];
        string expectedName = kind switch { "single" => "Single", "int" => "Int32", "bool" => "Boolean", _ => "String" };
        Assert.AreEqual(expectedName, LabelKeys.Of(keyed)!.ItemTypeName, "the type's name is the model file's format: models saved earlier must load");
        string path = Path.Combine(folder, $"{kind}.zip");
        MlpModelIO.Save(ml, model, data.Schema, path);
        foreach (ITransformer m in new[] { model, MlpModelIO.Load(ml, path).Model })
        {
            IDataView scored = m.Transform(data);
            DataViewType labelType = data.Schema["Label"].Type;
            Assert.AreEqual(labelType, scored.Schema["PredictedLabel"].Type, "MapKeyToValue restores the label's type");
            DataViewSchema.Column key = ((IEnumerable<ITransformer>)m).OfType<MlpTransformer>().Single().GetOutputSchema(
                ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data).Schema)["PredictedLabel"];
            Assert.AreEqual(labelType, ((VectorDataViewType)key.Annotations.Schema["KeyValues"].Type).ItemType);
            Assert.AreEqual(classes, ((VectorDataViewType)key.Annotations.Schema["KeyValues"].Type).Size);
            object[] predicted = ReadColumn(scored, "PredictedLabel");
            double accuracy = predicted.Select((p, i) => p.Equals(Label(i)) ? 1.0 : 0.0).Average();
            Assert.IsGreaterThan(0.8, accuracy, $"{kind}: predictions are the original label values");
        }
    }

    /// <summary>A model file naming a key type the format does not know is refused as damaged data, with the name.</summary>
    [TestMethod]
    public void AnUnknownKeyTypeInTheFileIsNamed()
    {
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LabelKeys.FromText(["a"], "Char"));
        Assert.AreEqual("Unknown key value type 'Char'.", ex.Message);
        Assert.AreEqual("x", LabelKeys.FromText(["x"], "String").Text[0]);
    }

    /// <summary>Every key type's name in the model file, and the type it reads back as: the file format, pinned.</summary>
    [TestMethod]
    public void EveryKeyTypeNameOfTheFileFormatReadsBackAsItsType()
    {
        (string Name, string Value, DataViewType Type)[] formats =
        [
            ("String", "cat", TextDataViewType.Instance),
            ("Single", "1.5", NumberDataViewType.Single),
            ("Double", "2.25", NumberDataViewType.Double),
            ("Int32", "-3", NumberDataViewType.Int32),
            ("UInt32", "4", NumberDataViewType.UInt32),
            ("Int64", "-5", NumberDataViewType.Int64),
            ("UInt64", "6", NumberDataViewType.UInt64),
            ("Byte", "7", NumberDataViewType.Byte),
            ("Boolean", "true", BooleanDataViewType.Instance),
        ];
        foreach ((string name, string value, DataViewType type) in formats)
        {
            LabelKeys keys = LabelKeys.FromText([value], name);
            Assert.AreEqual(type, keys.ItemType, name);
            Assert.AreEqual(name, keys.ItemTypeName);
            Assert.AreEqual(type, ((VectorDataViewType)keys.Annotation.Schema["KeyValues"].Type).ItemType, name);
        }
    }

    private static object[] ReadColumn(IDataView data, string name)
    {
        DataViewSchema.Column column = data.Schema[name];
        return column.Type.RawType switch
        {
            Type t when t == typeof(float) => [.. data.GetColumn<float>(column).Select(v => (object)v)],
            Type t when t == typeof(int) => [.. data.GetColumn<int>(column).Select(v => (object)v)],
            Type t when t == typeof(bool) => [.. data.GetColumn<bool>(column).Select(v => (object)v)],
            _ => [.. data.GetColumn<string>(column).Select(v => (object)v)],
        };
    }

    private sealed class TypedRow<T>
    {
        public T Label { get; set; } = default!;

        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    /// <summary>
    /// Two threads saving different models to one path, eight times each: every save succeeds, no temporary file is
    /// left, and the file is always one whole model (it loads, and scores as one of the two).
    /// </summary>
    [TestMethod]
    public void ConcurrentSavesToOnePathLeaveOneWholeModel()
    {
        (ITransformer first, IDataView train) = Trained();
        ITransformer second = SyntheticData.Pipeline(ml, SyntheticData.SmallOptions(seed: 7)).Fit(train);
        string path = Path.Combine(folder, "model.zip");
        using var start = new Barrier(2);
        Parallel.Invoke(
            () => SaveRepeatedly(first),
            () => SaveRepeatedly(second));

        Assert.IsEmpty(Directory.GetFiles(folder, "*.partial"));
        Assert.HasCount(1, Directory.GetFiles(folder));
        IDataView test = SyntheticData.View(ml, 30, 2);
        float[] loaded = MlpModelIO.Load(ml, path).Model.Transform(test).GetColumn<float[]>("Score").First();
        float[][] candidates = [.. new[] { first, second }.Select(m => m.Transform(test).GetColumn<float[]>("Score").First())];
        Assert.IsTrue(candidates.Any(c => c.SequenceEqual(loaded)), "the saved file is one of the two models");

        void SaveRepeatedly(ITransformer model)
        {
            start.SignalAndWait();
            for (int i = 0; i < 8; i++)
            {
                MlpModelIO.Save(ml, model, train.Schema, path);
            }
        }
    }

    [TestMethod]
    public void RoundTripGivesBitIdenticalScoresAndLabels()
    {
        (ITransformer model, IDataView train) = Trained();
        string path = Path.Combine(folder, "model.zip");
        MlpModelIO.Save(ml, model, train.Schema, path);
        (ITransformer loaded, DataViewSchema schema) = MlpModelIO.Load(ml, path);

        Assert.AreEqual(train.Schema.Count, schema.Count);
        IDataView test = SyntheticData.View(ml, 60, 2);
        float[][] before = [.. model.Transform(test).GetColumn<float[]>("Score")];
        float[][] after = [.. loaded.Transform(test).GetColumn<float[]>("Score")];
        for (int i = 0; i < before.Length; i++)
        {
            CollectionAssert.AreEqual(before[i], after[i], $"row {i}");
        }

        CollectionAssert.AreEqual(
            model.Transform(test).GetColumn<string>("PredictedLabel").ToArray(), loaded.Transform(test).GetColumn<string>("PredictedLabel").ToArray());
        var engine = ml.Model.CreatePredictionEngine<SyntheticData.Row, SyntheticData.Prediction>(loaded);
        Assert.Contains(engine.Predict(SyntheticData.Rows(1, 5)[0]).PredictedLabel, SyntheticData.Classes);
        MlpTransformer mlp = ((IEnumerable<ITransformer>)loaded).OfType<MlpTransformer>().Single();
        Assert.HasCount(30, mlp.Model.History);
    }

    [TestMethod]
    public void MlContextSaveNamesTheWorkingCall()
    {
        (ITransformer model, IDataView train) = Trained();
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(model, train.Schema, Path.Combine(folder, "x.zip")));
        StringAssert.Contains(ex.Message, "MlpModelIO");
    }

    [TestMethod]
    public void CorruptedWeightsAreDetected()
    {
        string path = SavedModel();
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            ZipArchiveEntry entry = zip.Entries.Single(e => e.FullName.EndsWith(".mlp", StringComparison.Ordinal));
            byte[] bytes;
            using (var buffer = new MemoryStream())
            {
                using (Stream s = entry.Open())
                {
                    s.CopyTo(buffer);
                }

                bytes = buffer.ToArray();
            }

            bytes[^100] ^= 0x40;
            entry.Delete();
            using Stream w = zip.CreateEntry(entry.FullName).Open();
            w.Write(bytes);
        }

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => MlpModelIO.Load(ml, path));
        StringAssert.Contains(ex.Message, "corrupted");
    }

    [TestMethod]
    public void TruncatedFileIsReported()
    {
        string path = SavedModel();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => MlpModelIO.Load(ml, path));
        StringAssert.Contains(ex.Message, path);
    }

    [TestMethod]
    public void NewerFormatVersionIsRefusedWithAClearMessage()
    {
        string path = SavedModel();
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            ZipArchiveEntry manifest = zip.GetEntry("manifest.json")!;
            string text;
            using (var reader = new StreamReader(manifest.Open()))
            {
                text = reader.ReadToEnd();
            }

            manifest.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open(), Encoding.UTF8);
            writer.Write(text.Replace($"\"Version\":{MlpModelIO.FormatVersion}", "\"Version\":99", StringComparison.Ordinal));
        }

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => MlpModelIO.Load(ml, path));
        StringAssert.Contains(ex.Message, "format version 99");
    }

    /// <summary>
    /// Files of the older versions load: version 1 (written before binary and regression models) as the multiclass
    /// model it is, version 2 without monitored values. Version 3 only appended the history's monitored values (16
    /// bytes per epoch) to the part, and version 2 only inserted the task and the target scale and offset (12 bytes)
    /// after the part's magic, so removing them and restoring the old magic, checksum and version gives the file the
    /// older version wrote.
    /// </summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void AnOlderVersionFileLoadsWithTheSameScores(int version)
    {
        string path = SavedModel();
        IDataView rows = SyntheticData.View(ml, 50, 9);
        MlpTransformer saved = LoadedMlp(path);
        float[] expected = ReadScores(MlpModelIO.Load(ml, path).Model.Transform(rows));
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            ZipArchiveEntry part = zip.Entries.Single(e => e.FullName.EndsWith(".mlp", StringComparison.Ordinal));
            byte[] v3 = ReadEntry(part);
            Assert.AreEqual("HW2MLP03", Encoding.ASCII.GetString(v3, 0, 8));
            byte[] v2 = [.. Encoding.ASCII.GetBytes("HW2MLP02"), .. v3[8..^(16 * saved.Model.History.Count)]];
            byte[] old = version == 2 ? v2 : [.. Encoding.ASCII.GetBytes("HW2MLP01"), .. v2[(8 + 12)..]];
            string oldSha = Convert.ToHexStringLower(SHA256.HashData(v3));
            string newSha = Convert.ToHexStringLower(SHA256.HashData(old));
            ZipArchiveEntry manifest = zip.GetEntry("manifest.json")!;
            string text = Encoding.UTF8.GetString(ReadEntry(manifest));
            ReplaceEntry(zip, part, old);
            ReplaceEntry(zip, manifest, Encoding.UTF8.GetBytes(
                text.Replace(oldSha, newSha, StringComparison.Ordinal).Replace("\"Version\":3", $"\"Version\":{version}", StringComparison.Ordinal)));
        }

        MlpTransformer loaded = LoadedMlp(path);
        Assert.AreEqual(MlpTask.MulticlassClassification, loaded.Model.Task);
        CollectionAssert.AreEqual(expected, ReadScores(MlpModelIO.Load(ml, path).Model.Transform(rows)));
        HistoryAssert.AreEqual(saved.Model.History.Select(r => r with { MonitorLoss = null, MonitorAccuracy = null }), loaded.Model.History);
    }

    /// <summary>The history's monitored loss and accuracy survive a save and load (the model was trained with <see cref="MlpOptionsBase.MonitorData"/>).</summary>
    [TestMethod]
    public void MonitoredValuesSurviveTheRoundTrip()
    {
        (ITransformer model, IDataView train) = Trained();
        IReadOnlyList<EpochRecord> trained = ((IEnumerable<ITransformer>)model).OfType<MlpTransformer>().Single().Model.History;
        Assert.IsTrue(trained.All(r => r.MonitorLoss is > 0 && r.MonitorAccuracy is >= 0 and <= 1), "the model under test was trained with MonitorData");
        string path = Path.Combine(folder, "model.zip");
        MlpModelIO.Save(ml, model, train.Schema, path);
        HistoryAssert.AreEqual(trained, LoadedMlp(path).Model.History);
    }

    private MlpTransformer LoadedMlp(string path) => ((IEnumerable<ITransformer>)MlpModelIO.Load(ml, path).Model).OfType<MlpTransformer>().Single();

    private static float[] ReadScores(IDataView scored) => [.. scored.GetColumn<float[]>("Score").SelectMany(v => v)];

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using var buffer = new MemoryStream();
        using (Stream s = entry.Open())
        {
            s.CopyTo(buffer);
        }

        return buffer.ToArray();
    }

    private static void ReplaceEntry(ZipArchive zip, ZipArchiveEntry entry, byte[] bytes)
    {
        string name = entry.FullName;
        entry.Delete();
        using Stream w = zip.CreateEntry(name).Open();
        w.Write(bytes);
    }

    [TestMethod]
    public void AFileThatIsNotAModelIsRefused()
    {
        string path = Path.Combine(folder, "junk.zip");
        File.WriteAllText(path, "not a zip");
        Assert.ThrowsExactly<InvalidDataException>(() => MlpModelIO.Load(ml, path));
    }

    private string SavedModel()
    {
        (ITransformer model, IDataView train) = Trained();
        string path = Path.Combine(folder, "model.zip");
        MlpModelIO.Save(ml, model, train.Schema, path);
        return path;
    }
}
