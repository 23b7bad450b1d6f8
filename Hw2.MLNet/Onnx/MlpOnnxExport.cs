using System.Reflection;
using System.Text.Json;
using Google.Protobuf;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Onnx.Proto;
using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace Hw2.MLNet.Onnx;

/// <summary>
/// Writes the <see cref="MlpTransformer"/> of a model as an ONNX graph of standard operators (see
/// <see cref="MlpModelIO.SaveOnnx(MLContext, ITransformer, DataViewSchema, string, OnnxExportOptions)"/>): per layer a
/// <c>Gemm</c> over the stored weights, the hidden activation (<c>Relu</c>, <c>Sigmoid</c>, <c>Tanh</c>, or none),
/// then the task's head — <c>Softmax</c> (multiclass), <c>Sigmoid</c> for the binary probability, <c>Mul</c> and
/// <c>Add</c> for a regression's label scale. Dropout is the identity at inference and has no node.
/// </summary>
internal static class MlpOnnxExport
{
    /// <summary>Metadata key of the task (the <see cref="MlpTask"/> name).</summary>
    public const string TaskKey = "hw2.task";

    /// <summary>Metadata key of a multiclass model's class labels: a JSON array of their text, in <c>Score</c>'s order.</summary>
    public const string ClassLabelsKey = "hw2.class_labels";

    /// <summary>Metadata key saying what the input is: <c>features</c> (what the MLP reads) or <c>raw-features</c> (before a folded normaliser).</summary>
    public const string InputKey = "hw2.input";

    /// <summary>Finds the one MLP in <paramref name="model"/>, checks what it reads, and writes the graph to <paramref name="path"/> atomically.</summary>
    public static void Save(ITransformer model, DataViewSchema inputSchema, string path, OnnxExportOptions options)
    {
        List<ITransformer> parts = MlpModelIO.Flatten(model);
        int[] mlps = [.. Enumerable.Range(0, parts.Count).Where(i => parts[i] is MlpTransformer)];
        if (mlps.Length != 1)
        {
            throw new ArgumentException(
                mlps.Length == 0
                    ? "The model holds no MlpTransformer: SaveOnnx exports the MLP of a fitted Hw2.MLNet pipeline."
                    : $"The model holds {mlps.Length} MlpTransformers (parts {string.Join(", ", mlps)} of its chain); SaveOnnx exports one: pass the chain up to the one to export.",
                nameof(model));
        }

        int at = mlps[0];
        var mlp = (MlpTransformer)parts[at];
        var schemas = new DataViewSchema[at + 1];
        schemas[0] = inputSchema;
        for (int i = 0; i < at; i++)
        {
            schemas[i + 1] = parts[i].GetOutputSchema(schemas[i]);
        }

        mlp.RequireFeatures(schemas[at]);
        InputAffine? fold = options.FoldNormalizer ? NormalizerOf(parts, schemas, at, mlp) : null;
        ModelProto graph = Build(mlp, fold);
        IO.AtomicFile.Write(path, stream => graph.WriteTo(stream));
    }

    /// <summary>
    /// The affine map of the part that last wrote the MLP's feature column before it (parts that leave the column
    /// alone, such as a <c>MapValueToKey</c> of the label, may come between): it must be an ML.NET normaliser.
    /// </summary>
    private static InputAffine NormalizerOf(List<ITransformer> parts, DataViewSchema[] schemas, int at, MlpTransformer mlp)
    {
        string feature = mlp.FeatureColumnName;
        int Named(DataViewSchema schema) => schema.Count(c => c.Name == feature);
        int writer = at - 1;
        while (writer >= 0 && Named(schemas[writer + 1]) == Named(schemas[writer]))
        {
            writer--;
        }

        if (writer < 0 || parts[writer] is not NormalizingTransformer normalizer)
        {
            string what = writer < 0 ? "no part of the model before the MLP" : $"part {writer} of the chain ({parts[writer].GetType().Name})";
            throw new ArgumentException(
                $"FoldNormalizer: {what} writes the MLP's feature column '{feature}', not an ML.NET normalizer (NormalizeMeanVariance or NormalizeMinMax).",
                "options");
        }

        return InputAffine.Of(normalizer, schemas[writer], schemas[writer + 1], feature, mlp.Model.Shape.InputSize);
    }

    /// <summary>The ONNX model of <paramref name="mlp"/>, with <paramref name="fold"/> (if any) folded into the first layer.</summary>
    internal static ModelProto Build(MlpTransformer mlp, InputAffine? fold)
    {
        MlpModelParameters model = mlp.Model;
        int layers = model.Shape.LayerCount;
        var graph = new OnnxGraphBuilder("Hw2.MLNet MLP");
        string h = mlp.FeatureColumnName;
        graph.Input(h, fold is null ? "The feature vectors the MLP reads." : "The raw feature vectors (the normalizer is folded into the first layer).", model.Shape.InputSize);
        for (int l = 0; l < layers; l++)
        {
            bool last = l == layers - 1;
            ReadOnlySpan<float> weights = model.Parameters.Weights[l].Value.Span;
            ReadOnlySpan<float> biases = model.Parameters.Biases[l].Value.Span;
            (float[] Weights, float[] Biases)? folded = l == 0 ? fold?.FoldInto(weights, biases) : null;
            if (folded is { } f)
            {
                weights = f.Weights;
                biases = f.Biases;
            }

            string w = graph.Initializer($"W{l}", weights, model.Shape.FanIn(l), model.Shape.FanOut(l));
            string b = graph.Initializer($"B{l}", biases, model.Shape.FanOut(l));
            string z = last && model.Task == MlpTask.BinaryClassification ? MlpTrainer.ScoreColumnName : $"Z{l}";
            h = graph.Node("Gemm", z, [h, w, b]);
            if (!last && Activation(model.Activation) is { } op)
            {
                h = graph.Node(op, $"H{l}", [h]);
            }
        }

        AddHead(graph, model, h);
        var metadata = new Dictionary<string, string>
        {
            [TaskKey] = model.Task.ToString(),
            [InputKey] = fold is null ? "features" : "raw-features",
        };
        if (mlp.LabelKeys is { } keys)
        {
            metadata[ClassLabelsKey] = JsonSerializer.Serialize(keys.Text);
        }

        return graph.ToModel(ProducerVersion(), $"{model.Task} MLP [{string.Join(", ", model.Shape.LayerSizes)}], {model.Activation} hidden units, exported by Hw2.MLNet.", metadata);
    }

    private static void AddHead(OnnxGraphBuilder graph, MlpModelParameters model, string logits)
    {
        switch (model.Task)
        {
            case MlpTask.MulticlassClassification:
                graph.Node("Softmax", MlpTrainer.ScoreColumnName, [logits], OnnxGraphBuilder.IntAttribute("axis", 1));
                graph.Output(MlpTrainer.ScoreColumnName, "The class probabilities.", model.ClassCount);
                break;
            case MlpTask.BinaryClassification:
                graph.Node("Sigmoid", MlpBinaryTrainer.ProbabilityColumnName, [logits]);
                graph.Output(MlpTrainer.ScoreColumnName, "The logit.", 1);
                graph.Output(MlpBinaryTrainer.ProbabilityColumnName, "The probability of the positive class, sigmoid(Score).", 1);
                break;
            default:
                // OutputMap.Affine's two rounded steps, output · scale then + offset; a step that changes nothing is left out.
                const string score = MlpTrainer.ScoreColumnName;
                bool shifted = model.TargetOffset != 0f;
                string y = logits;
                if (model.TargetScale != 1f)
                {
                    y = graph.Node("Mul", shifted ? "Scaled" : score, [y, graph.Initializer("TargetScale", [model.TargetScale], 1)]);
                }

                if (shifted)
                {
                    y = graph.Node("Add", score, [y, graph.Initializer("TargetOffset", [model.TargetOffset], 1)]);
                }

                if (y != score)
                {
                    graph.Node("Identity", score, [y]);
                }

                graph.Output(MlpTrainer.ScoreColumnName, "The prediction, in the label's units.", 1);
                break;
        }
    }

    private static string? Activation(HiddenActivation activation) => activation switch
    {
        HiddenActivation.Relu => "Relu",
        HiddenActivation.Sigmoid => "Sigmoid",
        HiddenActivation.Tanh => "Tanh",
        HiddenActivation.Identity => null,
        _ => throw new InvalidOperationException($"No ONNX operator for the activation {activation}."),
    };

    private static string ProducerVersion() =>
        typeof(MlpOnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
}
