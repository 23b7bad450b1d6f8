using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Hw2.MLNet;

/// <summary>
/// One of the two places that reach into Microsoft.ML's internals (the other is <see cref="UnwalkableView"/>): a
/// trainer catalog's environment. ML.NET keeps it behind an explicit implementation of its internal <c>Microsoft.ML.Data.IInternalCatalog.Environment</c> (the
/// <c>MLContext</c>'s own <c>LocalEnvironment</c>, which its log and seed belong to); there is no public way from a
/// catalog to its context. Checked against Microsoft.ML 5.0.1, the version this library depends on; a test fails with
/// this class's name if an update moves the member, and the trainers' constructors never need it.
/// </summary>
internal static class CatalogEnvironment
{
    /// <summary>The interface's name inside Microsoft.ML.</summary>
    internal const string InterfaceName = "Microsoft.ML.Data.IInternalCatalog";

    /// <summary>The reflected property, or null when this Microsoft.ML does not have it.</summary>
    internal static readonly PropertyInfo? Property =
        typeof(TrainCatalogBase).Assembly.GetType(InterfaceName)?.GetProperty("Environment", typeof(IHostEnvironment));

    /// <summary>The package version of the loaded Microsoft.ML (its assembly version stays 1.0.0.0).</summary>
    internal static string MicrosoftMLVersion =>
        typeof(TrainCatalogBase).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown version";

    /// <summary>The environment of <paramref name="catalog"/>.</summary>
    /// <exception cref="InvalidOperationException">This Microsoft.ML does not expose it where 5.0.1 does.</exception>
    public static IHostEnvironment Of(TrainCatalogBase.CatalogInstantiatorBase catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (Property?.GetValue(catalog) is IHostEnvironment environment)
        {
            return environment;
        }

        throw new InvalidOperationException(
            $"Hw2.MLNet reaches a catalog's MLContext through Microsoft.ML's internal {InterfaceName}.Environment, which this Microsoft.ML " +
            $"({MicrosoftMLVersion}) does not have (Hw2.MLNet was built against 5.0.1). " +
            "Build the trainer with its constructor instead, e.g. new MlpTrainer(mlContext, options).");
    }
}
