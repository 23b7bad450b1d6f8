using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// The <c>KeyValues</c> annotation of a key column (the original label values, as <c>MapValueToKey</c> records
/// them) read as text and rebuilt from text, so it can name score slots and be written to a model file.
/// </summary>
internal static class KeyValues
{
    public const string AnnotationName = "KeyValues";

    public const string SlotNamesName = "SlotNames";

    /// <summary>The key values as invariant-culture text and their item type, or null when the column has none.</summary>
    public static (string[] Values, PrimitiveDataViewType ItemType)? Read(DataViewSchema.Column column)
    {
        DataViewSchema.Column? annotation = column.Annotations.Schema.GetColumnOrNull(AnnotationName);
        if (annotation is not { Type: VectorDataViewType { ItemType: PrimitiveDataViewType itemType } })
        {
            return null;
        }

        string[] values = itemType.RawType switch
        {
            Type t when t == typeof(ReadOnlyMemory<char>) => ReadAs<ReadOnlyMemory<char>>(column.Annotations, v => v.ToString()),
            Type t when t == typeof(float) => ReadAs<float>(column.Annotations, v => v.ToString("R", CultureInfo.InvariantCulture)),
            Type t when t == typeof(double) => ReadAs<double>(column.Annotations, v => v.ToString("R", CultureInfo.InvariantCulture)),
            Type t when t == typeof(int) => ReadAs<int>(column.Annotations, v => v.ToString(CultureInfo.InvariantCulture)),
            Type t when t == typeof(uint) => ReadAs<uint>(column.Annotations, v => v.ToString(CultureInfo.InvariantCulture)),
            Type t when t == typeof(long) => ReadAs<long>(column.Annotations, v => v.ToString(CultureInfo.InvariantCulture)),
            Type t when t == typeof(ulong) => ReadAs<ulong>(column.Annotations, v => v.ToString(CultureInfo.InvariantCulture)),
            Type t when t == typeof(byte) => ReadAs<byte>(column.Annotations, v => v.ToString(CultureInfo.InvariantCulture)),
            Type t when t == typeof(bool) => ReadAs<bool>(column.Annotations, v => v ? "true" : "false"),
            _ => throw new NotSupportedException($"Key values of type {itemType} on column '{column.Name}' are not supported."),
        };
        return (values, itemType);
    }

    /// <summary>Annotations holding <c>KeyValues</c> of <paramref name="itemType"/> parsed from <paramref name="values"/>.</summary>
    public static DataViewSchema.Annotations Build(string[] values, PrimitiveDataViewType itemType)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        Type raw = itemType.RawType;
        if (raw == typeof(ReadOnlyMemory<char>))
        {
            Add(builder, itemType, values, v => v.AsMemory());
        }
        else if (raw == typeof(float))
        {
            Add(builder, itemType, values, v => float.Parse(v, CultureInfo.InvariantCulture));
        }
        else if (raw == typeof(double))
        {
            Add(builder, itemType, values, v => double.Parse(v, CultureInfo.InvariantCulture));
        }
        else if (raw == typeof(int))
        {
            Add(builder, itemType, values, v => int.Parse(v, CultureInfo.InvariantCulture));
        }
        else if (raw == typeof(uint))
        {
            Add(builder, itemType, values, v => uint.Parse(v, CultureInfo.InvariantCulture));
        }
        else if (raw == typeof(long))
        {
            Add(builder, itemType, values, v => long.Parse(v, CultureInfo.InvariantCulture));
        }
        else if (raw == typeof(ulong))
        {
            Add(builder, itemType, values, v => ulong.Parse(v, CultureInfo.InvariantCulture));
        }
        else if (raw == typeof(byte))
        {
            Add(builder, itemType, values, v => byte.Parse(v, CultureInfo.InvariantCulture));
        }
        else if (raw == typeof(bool))
        {
            Add(builder, itemType, values, v => v == "true");
        }
        else
        {
            throw new NotSupportedException($"Key values of type {itemType} are not supported.");
        }

        return builder.ToAnnotations();
    }

    /// <summary>A <c>SlotNames</c> annotation with the given names.</summary>
    public static DataViewSchema.Annotations SlotNames(string[] names)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        Add(builder, TextDataViewType.Instance, names, v => v.AsMemory(), SlotNamesName);
        return builder.ToAnnotations();
    }

    /// <summary>Maps a primitive type's name (String for text, else the raw type's name) back to the type.</summary>
    public static PrimitiveDataViewType ParseItemType(string name) => name switch
    {
        "String" => TextDataViewType.Instance,
        "Single" => NumberDataViewType.Single,
        "Double" => NumberDataViewType.Double,
        "Int32" => NumberDataViewType.Int32,
        "UInt32" => NumberDataViewType.UInt32,
        "Int64" => NumberDataViewType.Int64,
        "UInt64" => NumberDataViewType.UInt64,
        "Byte" => NumberDataViewType.Byte,
        "Boolean" => BooleanDataViewType.Instance,
        _ => throw new InvalidDataException($"Unknown key value type '{name}'."),
    };

    private static string[] ReadAs<T>(DataViewSchema.Annotations annotations, Func<T, string> format)
    {
        VBuffer<T> buffer = default;
        annotations.GetValue(AnnotationName, ref buffer);
        var values = new string[buffer.Length];
        int i = 0;
        foreach (T value in buffer.DenseValues())
        {
            values[i++] = format(value);
        }

        return values;
    }

    private static void Add<T>(
        DataViewSchema.Annotations.Builder builder, PrimitiveDataViewType itemType, string[] values, Func<string, T> parse, string name = AnnotationName)
    {
        T[] parsed = [.. values.Select(parse)];
        ValueGetter<VBuffer<T>> getter = (ref VBuffer<T> dst) => new VBuffer<T>(parsed.Length, parsed).CopyTo(ref dst);
        builder.Add(name, new VectorDataViewType(itemType, parsed.Length), getter);
    }
}
