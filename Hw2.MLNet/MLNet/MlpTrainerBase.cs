using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Hw2.MLNet;

/// <summary>
/// What the three trainers share: the validated options, the ML.NET host their log messages go to, and the two
/// steps of an estimator, each of which checks the feature column before the task's own part (the label's type and
/// meaning, and the columns the model adds). <see cref="MlpTrainer"/> (multiclass), <see cref="MlpBinaryTrainer"/> and
/// <see cref="MlpRegressionTrainer"/> are the only subclasses.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
public abstract class MlpTrainerBase<TOptions> : IEstimator<MlpTransformer>
    where TOptions : MlpOptionsBase, new()
{
    /// <summary>
    /// Validates the options and registers the trainer's host on <paramref name="environment"/>: an
    /// <c>MLContext</c> (the constructors) or the environment behind its catalogs (<see cref="MlpCatalog"/>), which
    /// gives the same log and the same seeds.
    /// </summary>
    private protected MlpTrainerBase(IHostEnvironment environment, TOptions? options, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Options = options ?? new TOptions();
        Options.Validate();
        Host = environment.Register(name);
    }

    private protected TOptions Options { get; }

    private protected IHost Host { get; }

    /// <summary>
    /// The output shape: the input plus the columns the task's model adds (see the trainer). Called by
    /// <c>EstimatorChain.Fit</c> before anything is trained; a missing column or a label of the wrong type is refused here.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnChecks.RequireFeatureShape(inputSchema, Options.FeatureColumnName);
        return OutputSchema(inputSchema, ColumnChecks.RequireShape(inputSchema, Options.LabelColumnName, "Label"));
    }

    /// <summary>
    /// Checks the schema, streams the rows once into a dense batch and trains. Progress goes to
    /// <see cref="MlpOptionsBase.Progress"/> and, as messages, to <c>MLContext.Log</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or the label cannot be learned from (one class, a constant target).</exception>
    /// <exception cref="InvalidOperationException">A row is refused (a NaN or infinite feature or regression label, a missing key), named by its index; or there are no rows.</exception>
    /// <exception cref="Training.TrainingDivergedException">The loss grew past the divergence rule or stopped being finite.</exception>
    public MlpTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        (DataViewSchema.Column features, int featureCount) = ColumnChecks.RequireFeatures(input.Schema, Options.FeatureColumnName);
        return Fit(input, features, featureCount);
    }

    /// <summary>The task's part of <see cref="GetOutputSchema"/>: the label's check and the added columns.</summary>
    private protected abstract SchemaShape OutputSchema(SchemaShape input, SchemaShape.Column label);

    /// <summary>The task's part of <see cref="Fit(IDataView)"/>, given the checked feature column and its size.</summary>
    private protected abstract MlpTransformer Fit(IDataView input, DataViewSchema.Column features, int featureCount);
}
