using System.Buffers.Binary;
using Google.Protobuf;
using Hw2.MLNet.Onnx.Proto;

namespace Hw2.MLNet.Onnx;

/// <summary>
/// Builds one ONNX graph of standard (<c>ai.onnx</c>) operators over float32 tensors: initializers, nodes, and the
/// graph's inputs and outputs, all of them batches of rows: shape <c>[N, columns]</c> with the batch size <c>N</c>
/// dynamic.
/// </summary>
internal sealed class OnnxGraphBuilder(string name)
{
    /// <summary>The ONNX IR version of the files written (7, the one that came with operator set 13).</summary>
    public const long IrVersion = 7;

    /// <summary>The operator set the graphs use: every operator written here has had its current form since 13.</summary>
    public const long OperatorSet = 13;

    private readonly GraphProto graph = new() { Name = name };

    /// <summary>Adds a float32 constant of shape <paramref name="dims"/> (row-major) and returns its name.</summary>
    public string Initializer(string tensorName, ReadOnlySpan<float> values, params long[] dims)
    {
        long count = dims.Aggregate(1L, (product, d) => product * d);
        if (count != values.Length)
        {
            throw new ArgumentException($"Initializer {tensorName}: {values.Length} values for shape [{string.Join(", ", dims)}].", nameof(values));
        }

        byte[] raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        var tensor = new TensorProto { Name = tensorName, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        graph.Initializer.Add(tensor);
        return tensorName;
    }

    /// <summary>Adds a node computing <paramref name="output"/> and returns the output's name.</summary>
    public string Node(string opType, string output, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return output;
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto IntAttribute(string attributeName, long value) =>
        new() { Name = attributeName, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>The name of the dynamic batch dimension.</summary>
    public const string BatchDimension = "N";

    /// <summary>Declares a float32 graph input of shape <c>[N, columns]</c>.</summary>
    public void Input(string inputName, string docString, long columns) => graph.Input.Add(Rows(inputName, docString, columns));

    /// <summary>Declares a float32 graph output of shape <c>[N, columns]</c>.</summary>
    public void Output(string outputName, string docString, long columns) => graph.Output.Add(Rows(outputName, docString, columns));

    /// <summary>The model: this graph, its operator set, and who made it.</summary>
    public ModelProto ToModel(string producerVersion, string docString, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Hw2.MLNet",
            ProducerVersion = producerVersion,
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OperatorSet });
        foreach ((string key, string value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    private static ValueInfoProto Rows(string valueName, string docString, long columns)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = columns });
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape };
        return new ValueInfoProto { Name = valueName, DocString = docString, Type = new TypeProto { TensorType = tensor } };
    }
}
