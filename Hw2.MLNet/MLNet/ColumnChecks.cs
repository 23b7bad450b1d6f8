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
