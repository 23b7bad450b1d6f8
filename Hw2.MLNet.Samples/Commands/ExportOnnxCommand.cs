using System.CommandLine;
using Hw2.MLNet.Onnx.Proto;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Commands;

/// <summary><c>export-onnx</c>: a model saved by <see cref="MlpModelIO.Save"/> (the <c>table</c> command's, say) → an ONNX file.</summary>
internal static class ExportOnnxCommand
{
    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "A model file written by MlpModelIO.Save (for example table-NAME-model.zip from the table command)." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "The ONNX file to write (default: the model's path with the extension .onnx)." };
        var fold = new Option<bool>("--fold-normalizer") { Description = "Fold the ML.NET normalizer that feeds the MLP into its first layer, so the file takes the features before normalization." };
        var command = new Command("export-onnx", "Export the MLP of a saved model to an ONNX file (opset 13) for ONNX Runtime or ML.NET's ApplyOnnxModel.")
        {
            model,
            output,
            fold,
        };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(output), parse.GetValue(fold)));
        return command;
    }

    private static int Run(FileInfo modelFile, FileInfo? output, bool fold)
    {
        if (!modelFile.Exists)
        {
            throw new IOException($"{modelFile.FullName} does not exist; give a model file written by MlpModelIO.Save (the table command writes one).");
        }

        string path = output?.FullName ?? Path.ChangeExtension(modelFile.FullName, ".onnx");
        var ml = new MLContext();
        (ITransformer model, DataViewSchema inputSchema) = MlpModelIO.Load(ml, modelFile.FullName);
        MlpModelIO.SaveOnnx(ml, model, inputSchema, path, new OnnxExportOptions { FoldNormalizer = fold });

        GraphProto graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph;
        Console.WriteLine($"Wrote {path} ({new FileInfo(path).Length:N0} bytes, {graph.Node.Count} nodes).");
        Console.WriteLine($"  input   {Describe(graph.Input[0])}{(fold ? ", the features before normalization" : ", the features the MLP reads")}");
        foreach (ValueInfoProto value in graph.Output)
        {
            Console.WriteLine($"  output  {Describe(value)}");
        }

        return 0;
    }

    private static string Describe(ValueInfoProto value) =>
        $"{value.Name} float32 [{string.Join(", ", value.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
