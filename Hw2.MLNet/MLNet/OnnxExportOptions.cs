namespace Hw2.MLNet;

/// <summary>Options of <see cref="MlpModelIO.SaveOnnx(Microsoft.ML.MLContext, Microsoft.ML.ITransformer, Microsoft.ML.DataViewSchema, string, OnnxExportOptions)"/>.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>
    /// Fold the ML.NET normaliser that feeds the MLP (<c>NormalizeMeanVariance</c> or <c>NormalizeMinMax</c>: the
    /// last part of the chain before the MLP that writes its feature column, which it must normalise alone) into the
    /// first layer, so the ONNX file takes the features before normalisation: <c>W′ = diag(scale) · W</c>, <c>b′ = b − (offset · scale) · W</c>.
    /// The graph's input keeps the MLP's feature column name. Off by default: the file takes what the MLP reads.
    /// </summary>
    public bool FoldNormalizer { get; set; }
}
