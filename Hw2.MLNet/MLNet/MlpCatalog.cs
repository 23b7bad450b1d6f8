using Microsoft.ML;

namespace Hw2.MLNet;

/// <summary>
/// The trainers in ML.NET's catalogs: <c>mlContext.MulticlassClassification.Trainers.Mlp(…)</c>,
/// <c>mlContext.BinaryClassification.Trainers.Mlp(…)</c> and <c>mlContext.Regression.Trainers.Mlp(…)</c>, the same
/// trainers as the constructors, on the same context (its log, and its seed when the options leave <c>Seed</c> null).
/// </summary>
/// <remarks>
/// ML.NET gives no public way from a catalog to its context, so these find it through one internal member of
/// Microsoft.ML 5.0.1, the version this library depends on (<c>Microsoft.ML.Data.IInternalCatalog.Environment</c>);
/// should a later Microsoft.ML move it, they throw an <see cref="InvalidOperationException"/> that says so, and the
/// constructors (<c>new MlpTrainer(mlContext, options)</c>) keep working.
/// </remarks>
public static class MlpCatalog
{
    /// <summary>The multiclass MLP trainer (<see cref="MlpTrainer"/>) with its default options.</summary>
    /// <exception cref="InvalidOperationException">This version of Microsoft.ML no longer exposes its catalogs' environment (see the class remarks); use the constructor.</exception>
    public static MlpTrainer Mlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog) =>
        new(CatalogEnvironment.Of(catalog), null);

    /// <summary>The multiclass MLP trainer (<see cref="MlpTrainer"/>) with <paramref name="options"/>, validated now (errors name the option).</summary>
    /// <exception cref="InvalidOperationException">This version of Microsoft.ML no longer exposes its catalogs' environment (see the class remarks); use the constructor.</exception>
    public static MlpTrainer Mlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, MlpTrainerOptions options) =>
        new(CatalogEnvironment.Of(catalog), options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>The binary MLP trainer (<see cref="MlpBinaryTrainer"/>) with its default options.</summary>
    /// <exception cref="InvalidOperationException">This version of Microsoft.ML no longer exposes its catalogs' environment (see the class remarks); use the constructor.</exception>
    public static MlpBinaryTrainer Mlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog) =>
        new(CatalogEnvironment.Of(catalog), null);

    /// <summary>The binary MLP trainer (<see cref="MlpBinaryTrainer"/>) with <paramref name="options"/>, validated now (errors name the option).</summary>
    /// <exception cref="InvalidOperationException">This version of Microsoft.ML no longer exposes its catalogs' environment (see the class remarks); use the constructor.</exception>
    public static MlpBinaryTrainer Mlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, MlpBinaryTrainerOptions options) =>
        new(CatalogEnvironment.Of(catalog), options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>The regression MLP trainer (<see cref="MlpRegressionTrainer"/>) with its default options.</summary>
    /// <exception cref="InvalidOperationException">This version of Microsoft.ML no longer exposes its catalogs' environment (see the class remarks); use the constructor.</exception>
    public static MlpRegressionTrainer Mlp(this RegressionCatalog.RegressionTrainers catalog) =>
        new(CatalogEnvironment.Of(catalog), null);

    /// <summary>The regression MLP trainer (<see cref="MlpRegressionTrainer"/>) with <paramref name="options"/>, validated now (errors name the option).</summary>
    /// <exception cref="InvalidOperationException">This version of Microsoft.ML no longer exposes its catalogs' environment (see the class remarks); use the constructor.</exception>
    public static MlpRegressionTrainer Mlp(this RegressionCatalog.RegressionTrainers catalog, MlpRegressionTrainerOptions options) =>
        new(CatalogEnvironment.Of(catalog), options ?? throw new ArgumentNullException(nameof(options)));
}
