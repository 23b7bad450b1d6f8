// Scores with a model trained by Hw2.MLNet and exported to ONNX, on a machine without Hw2.MLNet: the ML.NET zip the
// Consumer project saved (ApplyOnnxModel over the exported file) is loaded and applied to the rows it wrote, and
// the largest difference from the scores Hw2.MLNet gave them is printed.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

string folder = args[0];
var ml = new MLContext(seed: 3);
ITransformer model = ml.Model.Load(Path.Combine(folder, "multiclass.zip"), out DataViewSchema inputSchema);
int features = ((VectorDataViewType)inputSchema["Features"].Type).Size;
float[][] rows = [.. File.ReadAllLines(Path.Combine(folder, "rows.csv")).Select(line => line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
var definition = SchemaDefinition.Create(typeof(Row));
definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
IDataView data = ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Features = r[..features] }), definition);
float[][] scores = [.. model.Transform(data).GetColumn<float[]>("Score")];
double largest = rows.Select((r, i) => r[features..].Zip(scores[i], (a, b) => Math.Abs(a - b)).Max()).Max();
Console.WriteLine($"loaded {model.GetType().Name}; rows {rows.Length}; largest score difference {largest.ToString("E2", CultureInfo.InvariantCulture)}");
Console.WriteLine($"hw2.mlnet loaded {AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Hw2.MLNet")}");

internal sealed class Row
{
    public float[] Features { get; set; } = [];
}
