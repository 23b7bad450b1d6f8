using Microsoft.ML;

namespace Hw2.MLNet;

/// <summary>
/// A label column read as training targets: which column, and how a row's label becomes a target (a class index or a
/// value), refusing a label the task cannot learn from with an error that names the data set and the row.
/// </summary>
/// <typeparam name="TTarget">The type of one row's target.</typeparam>
internal interface ITargetColumn<TTarget>
    where TTarget : unmanaged
{
    /// <summary>The label column.</summary>
    DataViewSchema.Column Column { get; }

    /// <summary>A reader of the current row's target for a cursor over <see cref="Column"/>; it is given the row's index for errors.</summary>
    /// <param name="row">The cursor.</param>
    /// <param name="subject">What errors call the data, capitalised (e.g. "The training data").</param>
    Func<long, TTarget> Bind(DataViewRow row, string subject);
}
