using System.Reflection;
using Microsoft.ML;

namespace Hw2.MLNet;

/// <summary>
/// Presents a scored view to ML.NET as a data transform that cannot be walked back through, so that
/// <c>mlContext.Model.ConvertToOnnx</c> on a pipeline ending in an Hw2.MLNet trainer fails with an error naming
/// <see cref="MlpModelIO.SaveOnnx(MLContext, ITransformer, DataViewSchema, string)"/> instead of writing a wrong model.
/// ML.NET's converter walks from the scored view back to the data through its internal
/// <c>Microsoft.ML.Data.IDataTransform</c> (in the Microsoft.ML.Data assembly: an <see cref="IDataView"/> with a
/// <c>Source</c>); a view that is not one
/// is taken for the raw data, and the converter writes a graph whose inputs are the scored columns themselves. This
/// view implements that interface through a <see cref="DispatchProxy"/> (the runtime's own way to implement an
/// interface it cannot name at compile time): the <see cref="IDataView"/> members go to the scored view, while
/// <c>Source</c>, which only ML.NET's walks back through a pipeline ask for, and <c>Save</c> throw the error.
/// One of the two places that reach into Microsoft.ML's internals (the other is <see cref="CatalogEnvironment"/>).
/// Checked against Microsoft.ML 5.0.1; if a later ML.NET moves the interface, the view is returned as it is, and a
/// test fails naming this class.
/// </summary>
internal class UnwalkableView : DispatchProxy
{
    /// <summary>The interface's name inside Microsoft.ML.</summary>
    internal const string InterfaceName = "Microsoft.ML.Data.IDataTransform";

    /// <summary>Why ML.NET cannot walk through or save this view, and what to use instead.</summary>
    internal const string Message =
        "An Hw2.MLNet MLP's scored view cannot be walked back or saved by ML.NET, so mlContext.Model.ConvertToOnnx cannot export " +
        "a pipeline that ends in an Hw2.MLNet trainer (it would write a wrong model). Export the fitted model with " +
        "Hw2.MLNet.MlpModelIO.SaveOnnx(mlContext, model, inputSchema, path) instead, and save it with MlpModelIO.Save.";

    /// <summary>The internal interface, or null when this Microsoft.ML does not have it.</summary>
    internal static readonly Type? Interface = typeof(MLContext).Assembly.GetType(InterfaceName) is { IsInterface: true } type
        && type.GetProperty("Source")?.PropertyType == typeof(IDataView)
        && typeof(IDataView).IsAssignableFrom(type)
            ? type
            : null;

    private IDataView view = null!;

    /// <summary><paramref name="scored"/> behind the interface (or itself when this Microsoft.ML lacks it).</summary>
    public static IDataView Wrap(IDataView scored)
    {
        if (Interface is null)
        {
            return scored;
        }

        var proxy = (UnwalkableView)Create(Interface, typeof(UnwalkableView));
        proxy.view = scored;
        return (IDataView)proxy;
    }

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType != typeof(IDataView))
        {
            throw new NotSupportedException(Message);
        }

        try
        {
            return targetMethod.Invoke(view, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
