using System.Globalization;
using System.Numerics.Tensors;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// The columns a model adds when it scores, by task: their names, types and annotations, how the network's outputs
/// are mapped before they are read, and the getter of each column from the current row's outputs.
/// </summary>
internal abstract class OutputColumns
{
    /// <summary>How the network's outputs become the row's stored outputs.</summary>
    public abstract OutputMap Map { get; }

    /// <summary>Adds the scored columns, in order, to an output schema.</summary>
    public abstract void AddTo(DataViewSchema.Builder builder);

    /// <summary>The getter of scored column <paramref name="index"/> (0 = the first scored column) over <paramref name="scores"/>.</summary>
    public abstract Delegate Getter(int index, IRowScores scores);

    /// <summary>The columns of <paramref name="transformer"/>'s task.</summary>
    public static OutputColumns For(MlpTransformer transformer) => transformer.Model.Task switch
    {
        MlpTask.MulticlassClassification => new Multiclass(transformer.Model.Shape.OutputSize, transformer.LabelKeys),
        MlpTask.BinaryClassification => new Binary(),
        MlpTask.Regression => new Regression(OutputMap.Affine(transformer.Model.TargetScale, transformer.Model.TargetOffset)),
        _ => throw new InvalidOperationException($"Unknown task {transformer.Model.Task}."),
    };

    /// <summary>The predicted key of one row's probabilities: arg-max + 1, or 0 (missing) when any is NaN.</summary>
    internal static uint PredictedKey(ReadOnlySpan<float> probabilities)
    {
        foreach (float v in probabilities)
        {
            if (float.IsNaN(v))
            {
                return 0;
            }
        }

        return (uint)TensorPrimitives.IndexOfMax(probabilities) + 1;
    }

    /// <summary><c>Score</c>, the class probabilities (slot names from the label's key values), and <c>PredictedLabel</c>, a key with the label's key values.</summary>
    private sealed class Multiclass : OutputColumns
    {
        private readonly VectorDataViewType scoreType;
        private readonly KeyDataViewType predictedLabelType;
        private readonly DataViewSchema.Annotations scoreAnnotations;
        private readonly DataViewSchema.Annotations predictedLabelAnnotations;

        public Multiclass(int classes, LabelKeys? labelKeys)
        {
            scoreType = new VectorDataViewType(NumberDataViewType.Single, classes);
            predictedLabelType = new KeyDataViewType(typeof(uint), classes);
            string[] slotNames = labelKeys?.Text ?? [.. Enumerable.Range(0, classes).Select(i => i.ToString(CultureInfo.InvariantCulture))];
            scoreAnnotations = LabelKeys.SlotNames(slotNames);
            predictedLabelAnnotations = labelKeys?.Annotation ?? new DataViewSchema.Annotations.Builder().ToAnnotations();
        }

        public override OutputMap Map => OutputMap.Softmax;

        public override void AddTo(DataViewSchema.Builder builder)
        {
            builder.AddColumn(MlpTrainer.ScoreColumnName, scoreType, scoreAnnotations);
            builder.AddColumn(MlpTrainer.PredictedLabelColumnName, predictedLabelType, predictedLabelAnnotations);
        }

        public override Delegate Getter(int index, IRowScores scores) => index == 0
            ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> destination) => CopyScores(scores.Current(), ref destination))
            : (ValueGetter<uint>)((ref uint destination) => destination = PredictedKey(scores.Current()));

        private static void CopyScores(ReadOnlySpan<float> probabilities, ref VBuffer<float> destination)
        {
            VBufferEditor<float> editor = VBufferEditor.Create(ref destination, probabilities.Length);
            probabilities.CopyTo(editor.Values);
            destination = editor.Commit();
        }
    }

    /// <summary><c>Score</c>, the logit; <c>Probability</c>, its sigmoid; <c>PredictedLabel</c>, probability ≥ 0.5 (false for NaN).</summary>
    private sealed class Binary : OutputColumns
    {
        public override OutputMap Map => OutputMap.Identity;

        public override void AddTo(DataViewSchema.Builder builder)
        {
            builder.AddColumn(MlpTrainer.ScoreColumnName, NumberDataViewType.Single);
            builder.AddColumn(MlpBinaryTrainer.ProbabilityColumnName, NumberDataViewType.Single);
            builder.AddColumn(MlpTrainer.PredictedLabelColumnName, BooleanDataViewType.Instance);
        }

        public override Delegate Getter(int index, IRowScores scores) => index switch
        {
            0 => (ValueGetter<float>)((ref float destination) => destination = scores.Current()[0]),
            1 => (ValueGetter<float>)((ref float destination) => destination = LogisticLoss.Sigmoid(scores.Current()[0])),
            _ => (ValueGetter<bool>)((ref bool destination) => destination = LogisticLoss.PredictsPositive(scores.Current()[0])),
        };
    }

    /// <summary><c>Score</c>, the prediction in the label's units.</summary>
    private sealed class Regression(OutputMap map) : OutputColumns
    {
        public override OutputMap Map => map;

        public override void AddTo(DataViewSchema.Builder builder) => builder.AddColumn(MlpTrainer.ScoreColumnName, NumberDataViewType.Single);

        public override Delegate Getter(int index, IRowScores scores) =>
            (ValueGetter<float>)((ref float destination) => destination = scores.Current()[0]);
    }
}
