using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Network;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// Saves and loads pipelines that contain an <see cref="MlpTransformer"/>, which <c>mlContext.Model.Save</c> cannot.
/// The file is a zip: a JSON manifest (format version, and per part its kind and SHA-256), the input schema, and one
/// entry per transformer of the (flattened) chain — ML.NET's own parts written by <c>Model.Save</c>, MLP parts in a
/// small versioned binary format. Loading verifies every checksum before it parses anything, so a corrupted or
/// truncated file gives an error, never a model with garbage weights.
/// </summary>
public static class MlpModelIO
{
    /// <summary>
    /// The newest format this library writes and reads. Version 2 added the task (binary classification and regression
    /// beside multiclass) and a regression's target scale and offset; version 3 the history's monitored loss and
    /// accuracy (<see cref="MlpOptionsBase.MonitorData"/>), after the rest of the part. Version 1 files load as
    /// multiclass models, and older files load with no monitored values.
    /// </summary>
    public const int FormatVersion = 3;

    private const string FormatName = "Hw2.MLNet model";
    private const string ManifestEntry = "manifest.json";
    private const string SchemaEntry = "input-schema.zip";
    private const string MlpMagicV1 = "HW2MLP01";
    private const string MlpMagicV2 = "HW2MLP02";
    private const string MlpMagic = "HW2MLP03";

    /// <summary>
    /// Writes <paramref name="model"/> (a transformer or a chain of them) and the schema of its input to
    /// <paramref name="path"/>, whole or not at all: the file is written under a temporary name of its own and renamed
    /// into place, so a failed save keeps the previous file, and of concurrent saves to one path the last one wins.
    /// </summary>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentException.ThrowIfNullOrEmpty(path);
        List<ITransformer> parts = Flatten(model);

        IO.AtomicFile.Write(path, file =>
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
            var manifest = new Manifest { Format = FormatName, Version = FormatVersion, IsChain = model is IEnumerable<ITransformer> };
            WriteEntry(zip, SchemaEntry, stream => mlContext.Model.Save(new TransformerChain<ITransformer>(), inputSchema, stream));
            DataViewSchema schema = inputSchema;
            for (int i = 0; i < parts.Count; i++)
            {
                ITransformer part = parts[i];
                bool isMlp = part is MlpTransformer;
                string entry = $"part{i}.{(isMlp ? "mlp" : "mlnet.zip")}";
                DataViewSchema partInput = schema;
                string sha = WriteEntry(zip, entry, stream =>
                {
                    if (part is MlpTransformer mlp)
                    {
                        WriteMlp(mlp, stream);
                    }
                    else
                    {
                        mlContext.Model.Save(part, partInput, stream);
                    }
                });
                manifest.Parts.Add(new ManifestPart { Kind = isMlp ? "mlp" : "mlnet", Entry = entry, Sha256 = sha });
                schema = part.GetOutputSchema(schema);
            }

            WriteEntry(zip, ManifestEntry, stream => JsonSerializer.Serialize(stream, manifest));
        });
    }

    /// <summary>
    /// Writes the MLP of <paramref name="model"/> as an ONNX file that any ONNX runtime (ONNX Runtime in C#, Python,
    /// C++, Java or JavaScript; ML.NET's <c>ApplyOnnxModel</c>) scores without Hw2.MLNet: one input named after the
    /// MLP's feature column (<c>Features</c> by default), float32 <c>[N, inputs]</c> with the batch size N dynamic,
    /// receiving exactly the vectors the MLP reads; outputs named like the scored columns — <c>Score</c>, the class
    /// probabilities <c>[N, classes]</c> (multiclass), the logit <c>[N, 1]</c> (binary, beside <c>Probability</c>
    /// <c>[N, 1]</c>) or the prediction in the label's units <c>[N, 1]</c> (regression). <c>PredictedLabel</c> is
    /// not an output: it is the arg-max of <c>Score</c> (its class names are in the file's metadata,
    /// <c>hw2.class_labels</c>) or <c>Probability ≥ 0.5</c>. Parts of the chain before the MLP are not exported
    /// (unless an affine normaliser is folded in, see <see cref="OnnxExportOptions.FoldNormalizer"/>), nor parts after
    /// it. Opset 13, ONNX IR 7. The file is written whole or not at all, like <see cref="Save"/>.
    /// </summary>
    /// <param name="mlContext">The context (as for <see cref="Save"/>).</param>
    /// <param name="model">A fitted model holding exactly one <see cref="MlpTransformer"/>, alone or in a chain.</param>
    /// <param name="inputSchema">The schema of the data the model is applied to, to check what the MLP reads.</param>
    /// <param name="path">The ONNX file to write.</param>
    /// <exception cref="ArgumentException">The model holds no MLP or several, or its input lacks the feature column.</exception>
    public static void SaveOnnx(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path) =>
        SaveOnnx(mlContext, model, inputSchema, path, new OnnxExportOptions());

    /// <summary>
    /// <see cref="SaveOnnx(MLContext, ITransformer, DataViewSchema, string)"/> with options: with
    /// <see cref="OnnxExportOptions.FoldNormalizer"/> the ML.NET normaliser that last wrote the MLP's feature column
    /// before it is folded into the first layer and the graph reads the raw features.
    /// </summary>
    /// <exception cref="ArgumentException">As the other overload; and for folding, the part that last wrote the feature column before the MLP is not an affine normaliser of that column alone.</exception>
    public static void SaveOnnx(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        Onnx.MlpOnnxExport.Save(model, inputSchema, path, options);
    }

    /// <summary>Reads a file written by <see cref="Save"/>: the model and the schema of the input it expects.</summary>
    /// <exception cref="InvalidDataException">The file is not such a model, is corrupted or truncated, or is of a newer format version.</exception>
    public static (ITransformer Model, DataViewSchema InputSchema) Load(MLContext mlContext, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            Manifest manifest = ReadManifest(zip, path);
            DataViewSchema inputSchema;
            using (var schemaStream = new MemoryStream(ReadEntry(zip, SchemaEntry, path)))
            {
                mlContext.Model.Load(schemaStream, out inputSchema);
            }

            var parts = new List<ITransformer>();
            foreach (ManifestPart part in manifest.Parts)
            {
                byte[] bytes = ReadEntry(zip, part.Entry, path);
                string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (!string.Equals(actual, part.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException($"{path}: entry {part.Entry} is corrupted (SHA-256 {actual}, expected {part.Sha256}).");
                }

                using var stream = new MemoryStream(bytes);
                parts.Add(part.Kind switch
                {
                    "mlp" => ReadMlp(stream, path, part.Entry),
                    "mlnet" => mlContext.Model.Load(stream, out _),
                    _ => throw new InvalidDataException($"{path}: entry {part.Entry} has unknown kind '{part.Kind}'."),
                });
            }

            ITransformer model = !manifest.IsChain && parts.Count == 1 ? parts[0] : new TransformerChain<ITransformer>([.. parts]);
            return (model, inputSchema);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or FormatException || (e is InvalidDataException && !e.Message.StartsWith(path, StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"{path}: not a readable {FormatName} file (corrupted or truncated): {e.Message}", e);
        }
    }

    /// <summary>The transformers of <paramref name="model"/> in order, chains (nested or not) expanded.</summary>
    internal static List<ITransformer> Flatten(ITransformer model)
    {
        List<ITransformer> parts = [];
        Flatten(model, parts);
        return parts;
    }

    private static void Flatten(ITransformer model, List<ITransformer> parts)
    {
        if (model is IEnumerable<ITransformer> chain)
        {
            foreach (ITransformer inner in chain)
            {
                Flatten(inner, parts);
            }
        }
        else
        {
            parts.Add(model);
        }
    }

    private static string WriteEntry(ZipArchive zip, string name, Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        byte[] bytes = buffer.ToArray();
        using (Stream entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open())
        {
            entry.Write(bytes);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static byte[] ReadEntry(ZipArchive zip, string name, string path)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new InvalidDataException($"{path}: entry {name} is missing.");
        using Stream stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static Manifest ReadManifest(ZipArchive zip, string path)
    {
        ReadOnlySpan<byte> json = ReadEntry(zip, ManifestEntry, path);
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        Manifest manifest = JsonSerializer.Deserialize<Manifest>(json)
            ?? throw new InvalidDataException($"{path}: the manifest is empty.");
        if (manifest.Format != FormatName)
        {
            throw new InvalidDataException($"{path}: not a {FormatName} file (format '{manifest.Format}').");
        }

        if (manifest.Version > FormatVersion)
        {
            throw new InvalidDataException(
                $"{path}: written in format version {manifest.Version}, but this Hw2.MLNet reads versions up to {FormatVersion}. Update Hw2.MLNet to load it.");
        }

        return manifest;
    }

    private static void WriteMlp(MlpTransformer mlp, Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        MlpModelParameters model = mlp.Model;
        writer.Write(System.Text.Encoding.ASCII.GetBytes(MlpMagic));
        writer.Write((int)model.Task);
        writer.Write(model.TargetScale);
        writer.Write(model.TargetOffset);
        writer.Write((int)model.Activation);
        writer.Write(model.Shape.LayerSizes.Count);
        foreach (int size in model.Shape.LayerSizes)
        {
            writer.Write(size);
        }

        writer.Write(mlp.FeatureColumnName);
        writer.Write(mlp.LabelKeys is not null);
        if (mlp.LabelKeys is { } keys)
        {
            writer.Write(keys.ItemTypeName);
            writer.Write(keys.Text.Length);
            foreach (string value in keys.Text)
            {
                writer.Write(value);
            }
        }

        foreach (Parameter p in model.Parameters.All)
        {
            ReadOnlySpan<float> values = p.Value.Span;
            writer.Write(values.Length);
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        }

        writer.Write((int)model.StopReason);
        writer.Write(model.WeightsEpoch);
        writer.Write(model.History.Count);
        foreach (EpochRecord record in model.History)
        {
            writer.Write(record.Epoch);
            writer.Write(record.Loss);
            writer.Write(record.TrainAccuracy);
            writer.Write(record.LearningRate);
            writer.Write(record.Elapsed.Ticks);
            writer.Write(record.ValidationLoss ?? double.NaN);
            writer.Write(record.ValidationAccuracy ?? double.NaN);
            writer.Write(record.DeadUnitFractions?.Count ?? -1);
            foreach (double fraction in record.DeadUnitFractions ?? [])
            {
                writer.Write(fraction);
            }
        }

        foreach (EpochRecord record in model.History)
        {
            writer.Write(record.MonitorLoss ?? double.NaN);
            writer.Write(record.MonitorAccuracy ?? double.NaN);
        }
    }

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;

    private static MlpTransformer ReadMlp(Stream stream, string path, string entry)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        string magic = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(MlpMagic.Length));
        if (magic is not (MlpMagic or MlpMagicV2 or MlpMagicV1))
        {
            throw new InvalidDataException($"{path}: entry {entry} is not an MLP part (magic '{magic}').");
        }

        (MlpTask task, float targetScale, float targetOffset) = magic == MlpMagicV1
            ? (MlpTask.MulticlassClassification, 1f, 0f)
            : ((MlpTask)reader.ReadInt32(), reader.ReadSingle(), reader.ReadSingle());
        if (!Enum.IsDefined(task) || !float.IsFinite(targetScale) || !(targetScale != 0f) || !float.IsFinite(targetOffset))
        {
            throw new InvalidDataException($"{path}: entry {entry} holds an unknown task ({(int)task}) or a non-finite target scale or offset.");
        }

        var activation = (HiddenActivation)reader.ReadInt32();
        int count = reader.ReadInt32();
        if (count is < 2 or > 1024)
        {
            throw new InvalidDataException($"{path}: entry {entry} declares {count} layer sizes.");
        }

        int[] sizes = new int[count];
        for (int i = 0; i < count; i++)
        {
            sizes[i] = reader.ReadInt32();
        }

        string featureColumn = reader.ReadString();
        LabelKeys? keyValues = null;
        if (reader.ReadBoolean())
        {
            string itemTypeName = reader.ReadString();
            string[] values = new string[reader.ReadInt32()];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = reader.ReadString();
            }

            keyValues = LabelKeys.FromText(values, itemTypeName);
        }

        var parameters = new MlpParameters(new MlpShape(sizes));
        foreach (Parameter p in parameters.All)
        {
            int length = reader.ReadInt32();
            if (length != p.Value.Length)
            {
                throw new InvalidDataException($"{path}: entry {entry} stores {length} values for {p.Name}, expected {p.Value.Length}.");
            }

            byte[] bytes = reader.ReadBytes(length * sizeof(float));
            if (bytes.Length != length * sizeof(float))
            {
                throw new EndOfStreamException($"{p.Name} is truncated.");
            }

            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).CopyTo(p.Value.Span);
        }

        var stopReason = (StopReason)reader.ReadInt32();
        int weightsEpoch = reader.ReadInt32();
        var history = new EpochRecord[reader.ReadInt32()];
        for (int i = 0; i < history.Length; i++)
        {
            var record = new EpochRecord(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadSingle(), TimeSpan.FromTicks(reader.ReadInt64()));
            double validationLoss = reader.ReadDouble();
            double validationAccuracy = reader.ReadDouble();
            int deadCount = reader.ReadInt32();
            double[]? dead = deadCount < 0 ? null : new double[deadCount];
            for (int j = 0; j < deadCount; j++)
            {
                dead![j] = reader.ReadDouble();
            }

            history[i] = record with
            {
                ValidationLoss = NullIfNaN(validationLoss),
                ValidationAccuracy = NullIfNaN(validationAccuracy),
                DeadUnitFractions = dead,
            };
        }

        if (magic == MlpMagic)
        {
            for (int i = 0; i < history.Length; i++)
            {
                history[i] = history[i] with { MonitorLoss = NullIfNaN(reader.ReadDouble()), MonitorAccuracy = NullIfNaN(reader.ReadDouble()) };
            }
        }

        if (!Enum.IsDefined(activation) || parameters.FirstNonFinite() is not null)
        {
            throw new InvalidDataException($"{path}: entry {entry} holds an unknown activation or non-finite weights.");
        }

        var model = new MlpModelParameters(task, parameters, activation, history, stopReason, weightsEpoch, targetScale, targetOffset);
        return new MlpTransformer(model, featureColumn, keyValues);
    }

    private sealed class Manifest
    {
        public string Format { get; set; } = string.Empty;

        public int Version { get; set; }

        public bool IsChain { get; set; }

        public List<ManifestPart> Parts { get; set; } = [];
    }

    private sealed class ManifestPart
    {
        public string Kind { get; set; } = string.Empty;

        public string Entry { get; set; } = string.Empty;

        public string Sha256 { get; set; } = string.Empty;
    }
}
