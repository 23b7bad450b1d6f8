using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// The <c>KeyValues</c> annotation of a label column (the original label values, as <c>MapValueToKey</c> records
/// them), carried typed as ML.NET gave it: the model's <c>PredictedLabel</c> gets the same values of the same type.
/// Their invariant-culture text is kept beside them for what needs text: <c>Score</c>'s slot names, the model file,
/// error messages and matching validation labels to training classes. Only a model loaded from its file rebuilds
/// the typed values from text.
/// </summary>
internal sealed class LabelKeys
{
    private const string KeyValuesName = "KeyValues";
    private const string SlotNamesName = "SlotNames";

    /// <summary>
    /// Every item type a key can have values of, with its text form both ways: one table for reading, writing and
    /// loading. The names are the model file's format. Floating-point values are written in .NET's shortest
    /// round-trip form.
    /// </summary>
    private static readonly Dictionary<Type, ICodec> Codecs = new ICodec[]
    {
        new Codec<ReadOnlyMemory<char>>("String", TextDataViewType.Instance, v => v.ToString(), v => v.AsMemory()),
        new Codec<float>("Single", NumberDataViewType.Single, v => v.ToString(CultureInfo.InvariantCulture), v => float.Parse(v, CultureInfo.InvariantCulture)),
        new Codec<double>("Double", NumberDataViewType.Double, v => v.ToString(CultureInfo.InvariantCulture), v => double.Parse(v, CultureInfo.InvariantCulture)),
        new Codec<int>("Int32", NumberDataViewType.Int32, v => v.ToString(CultureInfo.InvariantCulture), v => int.Parse(v, CultureInfo.InvariantCulture)),
        new Codec<uint>("UInt32", NumberDataViewType.UInt32, v => v.ToString(CultureInfo.InvariantCulture), v => uint.Parse(v, CultureInfo.InvariantCulture)),
        new Codec<long>("Int64", NumberDataViewType.Int64, v => v.ToString(CultureInfo.InvariantCulture), v => long.Parse(v, CultureInfo.InvariantCulture)),
        new Codec<ulong>("UInt64", NumberDataViewType.UInt64, v => v.ToString(CultureInfo.InvariantCulture), v => ulong.Parse(v, CultureInfo.InvariantCulture)),
        new Codec<byte>("Byte", NumberDataViewType.Byte, v => v.ToString(CultureInfo.InvariantCulture), v => byte.Parse(v, CultureInfo.InvariantCulture)),
        new Codec<bool>("Boolean", BooleanDataViewType.Instance, v => v ? "true" : "false", v => v == "true"),
    }.ToDictionary(c => c.RawType);

    private LabelKeys(DataViewSchema.Annotations annotation, PrimitiveDataViewType itemType, string[] text)
    {
        Annotation = annotation;
        ItemType = itemType;
        Text = text;
    }

    private interface ICodec
    {
        Type RawType { get; }

        string Name { get; }

        PrimitiveDataViewType ItemType { get; }

        (DataViewSchema.Annotations Annotation, string[] Text) Read(DataViewSchema.Annotations annotations, PrimitiveDataViewType itemType);

        DataViewSchema.Annotations Parse(string[] text, PrimitiveDataViewType itemType);
    }

    /// <summary>Annotations holding only <c>KeyValues</c>, typed.</summary>
    public DataViewSchema.Annotations Annotation { get; }

    /// <summary>The values' item type.</summary>
    public PrimitiveDataViewType ItemType { get; }

    /// <summary>The values as invariant-culture text, one per class.</summary>
    public string[] Text { get; }

    /// <summary>The item type's name in the model file (<c>String</c> for text, else the raw type's name).</summary>
    public string ItemTypeName => Codecs[ItemType.RawType].Name;

    /// <summary>The key values of <paramref name="column"/>, or null when it has none.</summary>
    /// <exception cref="NotSupportedException">The values are of a type a key cannot be written with.</exception>
    public static LabelKeys? Of(DataViewSchema.Column column)
    {
        DataViewSchema.Column? annotation = column.Annotations.Schema.GetColumnOrNull(KeyValuesName);
        if (annotation is not { Type: VectorDataViewType { ItemType: PrimitiveDataViewType itemType } })
        {
            return null;
        }

        if (!Codecs.TryGetValue(itemType.RawType, out ICodec? codec))
        {
            throw new NotSupportedException($"Key values of type {itemType} on column '{column.Name}' are not supported.");
        }

        (DataViewSchema.Annotations typed, string[] text) = codec.Read(column.Annotations, itemType);
        return new LabelKeys(typed, itemType, text);
    }

    /// <summary>Key values read back from a model file: <paramref name="itemTypeName"/> as <see cref="ItemTypeName"/> wrote it.</summary>
    /// <exception cref="InvalidDataException">The type name is not one this file format knows.</exception>
    public static LabelKeys FromText(string[] text, string itemTypeName)
    {
        ICodec codec = Codecs.Values.FirstOrDefault(c => c.Name == itemTypeName)
            ?? throw new InvalidDataException($"Unknown key value type '{itemTypeName}'.");
        return new LabelKeys(codec.Parse(text, codec.ItemType), codec.ItemType, text);
    }

    /// <summary>A <c>SlotNames</c> annotation with the given names.</summary>
    public static DataViewSchema.Annotations SlotNames(string[] names)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        Add(builder, SlotNamesName, TextDataViewType.Instance, [.. names.Select(n => n.AsMemory())]);
        return builder.ToAnnotations();
    }

    private static void Add<T>(DataViewSchema.Annotations.Builder builder, string name, PrimitiveDataViewType itemType, T[] values)
    {
        ValueGetter<VBuffer<T>> getter = (ref VBuffer<T> dst) => new VBuffer<T>(values.Length, values).CopyTo(ref dst);
        builder.Add(name, new VectorDataViewType(itemType, values.Length), getter);
    }

    private sealed class Codec<T>(string name, PrimitiveDataViewType itemType, Func<T, string> format, Func<string, T> parse) : ICodec
    {
        public Type RawType => typeof(T);

        public string Name => name;

        public PrimitiveDataViewType ItemType => itemType;

        public (DataViewSchema.Annotations Annotation, string[] Text) Read(DataViewSchema.Annotations annotations, PrimitiveDataViewType columnItemType)
        {
            VBuffer<T> buffer = default;
            annotations.GetValue(KeyValuesName, ref buffer);
            T[] values = [.. buffer.DenseValues()];
            return (Build(values, columnItemType), [.. values.Select(format)]);
        }

        public DataViewSchema.Annotations Parse(string[] text, PrimitiveDataViewType columnItemType) => Build([.. text.Select(parse)], columnItemType);

        private static DataViewSchema.Annotations Build(T[] values, PrimitiveDataViewType columnItemType)
        {
            var builder = new DataViewSchema.Annotations.Builder();
            Add(builder, KeyValuesName, columnItemType, values);
            return builder.ToAnnotations();
        }
    }
}
