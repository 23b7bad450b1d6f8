using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>The scored columns of the current row: class probabilities and the predicted key (0 = missing).</summary>
internal interface IRowScores
{
    /// <summary>Getter of the <c>Score</c> column.</summary>
    ValueGetter<VBuffer<float>> GetScore { get; }

    /// <summary>Getter of the <c>PredictedLabel</c> column.</summary>
    ValueGetter<uint> GetPredictedLabel { get; }

    /// <summary>Number of rows scored so far (for tests of laziness).</summary>
    long RowsScored { get; }
}
