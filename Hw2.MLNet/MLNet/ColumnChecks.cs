using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>Schema checks shared by the trainer and the transformer, with errors that say what to do.</summary>
internal static class ColumnChecks
{
    public static (DataViewSchema.Column Column, int Size) RequireFeatures(DataViewSchema schema, string name)
    {
        DataViewSchema.Column column = Require(schema, name, "Feature");
        if (column.Type is not VectorDataViewType { ItemType: var item, Size: > 0 } vector || item != NumberDataViewType.Single)
        {
            throw new ArgumentException(
                $"Feature column '{name}' must be a vector of Single with a known size; it is {column.Type}. " +
                "Concatenate numeric columns with Transforms.Concatenate, or convert with Transforms.Conversion.ConvertType.");
        }

        return (column, vector.Size);
    }

    public static (DataViewSchema.Column Column, KeyDataViewType Type) RequireLabel(DataViewSchema schema, string name)
    {
        DataViewSchema.Column column = Require(schema, name, "Label");
        if (column.Type is not KeyDataViewType key)
        {
            throw new ArgumentException(
                $"Label column '{name}' must be a key type; it is {column.Type}. " +
                $"Add mlContext.Transforms.Conversion.MapValueToKey(\"{name}\") before the trainer.");
        }

        if (key.Count > int.MaxValue)
        {
            throw new ArgumentException($"Label column '{name}' has {key.Count} classes; the trainer supports at most {int.MaxValue}.");
        }

        return (column, key);
    }

    /// <summary>The binary classifier's label: a Boolean scalar.</summary>
    public static DataViewSchema.Column RequireBooleanLabel(DataViewSchema schema, string name) => RequireScalarLabel(schema, name, BinaryLabel);

    /// <summary>The regression's label: a Single scalar.</summary>
    public static DataViewSchema.Column RequireSingleLabel(DataViewSchema schema, string name) => RequireScalarLabel(schema, name, RegressionLabel);

    /// <summary>Throws unless a binary label column of this shape is a Boolean scalar, saying how to convert it.</summary>
    public static void CheckBinaryLabel(string name, bool isVector, bool isKey, DataViewType itemType) => CheckScalarLabel(BinaryLabel, name, isVector, isKey, itemType);

    /// <summary>Throws unless a regression label column of this shape is a Single scalar, saying how to convert it.</summary>
    public static void CheckRegressionLabel(string name, bool isVector, bool isKey, DataViewType itemType) => CheckScalarLabel(RegressionLabel, name, isVector, isKey, itemType);

    /// <summary>What a task's scalar label must be, and the advice for a key or a text column given instead.</summary>
    private sealed record ScalarLabel(DataViewType Type, string Task, string KeyAdvice, string TextAdvice);

    private static readonly ScalarLabel BinaryLabel = new(
        BooleanDataViewType.Instance,
        "binary",
        "Remove MapValueToKey(\"{0}\") from the pipeline: a binary label stays Boolean.",
        "Load the column as DataKind.Boolean (TextLoader reads true/false and 1/0), or map your two values to true and false with mlContext.Transforms.CustomMapping.");

    private static readonly ScalarLabel RegressionLabel = new(
        NumberDataViewType.Single,
        "regression",
        "A key-typed label numbers categories, which a regression cannot learn from: remove MapValueToKey(\"{0}\"), or use MlpTrainer for classes.",
        "Load the column as DataKind.Single, or parse it with mlContext.Transforms.Conversion.ConvertType(\"{0}\", outputKind: DataKind.Single).");

    private static DataViewSchema.Column RequireScalarLabel(DataViewSchema schema, string name, ScalarLabel label)
    {
        DataViewSchema.Column column = Require(schema, name, "Label");
        bool isVector = column.Type is VectorDataViewType;
        CheckScalarLabel(label, name, isVector, column.Type is KeyDataViewType, isVector ? ((VectorDataViewType)column.Type).ItemType : column.Type);
        return column;
    }

    private static void CheckScalarLabel(ScalarLabel label, string name, bool isVector, bool isKey, DataViewType itemType)
    {
        if (!isVector && !isKey && itemType == label.Type)
        {
            return;
        }

        string found = isVector ? $"a vector of {itemType}" : isKey ? $"a key of {itemType}" : $"{itemType}";
        string fix = isVector ? $"Give the trainer one {label.Type} value per row."
            : isKey ? string.Format(CultureInfo.InvariantCulture, label.KeyAdvice, name)
            : itemType is TextDataViewType ? string.Format(CultureInfo.InvariantCulture, label.TextAdvice, name)
            : $"Load it as DataKind.{label.Type}, or add mlContext.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.{label.Type}){(label.Type == BooleanDataViewType.Instance ? " (non-zero becomes true)" : string.Empty)}.";
        throw new ArgumentException($"Label column '{name}' must be {label.Type}, ML.NET's {label.Task} label; it is {found}. {fix}");
    }

    /// <summary>The feature column of a schema shape: a known-size vector of Single.</summary>
    public static SchemaShape.Column RequireFeatureShape(SchemaShape shape, string name)
    {
        SchemaShape.Column features = RequireShape(shape, name, "Feature");
        if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentException($"Feature column '{features.Name}' must be a vector of Single with a known size; it is {features.Kind} of {features.ItemType}.");
        }

        return features;
    }

    public static SchemaShape.Column RequireShape(SchemaShape shape, string name, string role)
    {
        foreach (SchemaShape.Column column in shape)
        {
            if (column.Name == name)
            {
                return column;
            }
        }

        throw new ArgumentException($"{role} column '{name}' not found in the input (columns: {string.Join(", ", shape.Select(c => c.Name))}).");
    }

    private static DataViewSchema.Column Require(DataViewSchema schema, string name, string role) =>
        schema.GetColumnOrNull(name) is DataViewSchema.Column column && !column.IsHidden
            ? column
            : throw new ArgumentException($"{role} column '{name}' not found in the input (columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}).");
}
