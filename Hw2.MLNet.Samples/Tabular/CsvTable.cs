using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Samples.Tabular;

/// <summary>The three tasks of the table command.</summary>
internal enum TabularTask
{
    /// <summary>A Boolean label (true/false or 1/0): <see cref="MlpBinaryTrainer"/>.</summary>
    Binary,

    /// <summary>A numeric label: <see cref="MlpRegressionTrainer"/>.</summary>
    Regression,

    /// <summary>Any label, its distinct values the classes: <see cref="MlpTrainer"/>.</summary>
    Multiclass,
}

/// <summary>
/// A CSV file with a header row, read as a user's table: the label column by name, and as features every other
/// column whose values are all numbers (a column with text or empty cells is left out and named).
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Label">The label column's name and index.</param>
/// <param name="Features">The feature columns' names and indices, in file order.</param>
/// <param name="Ignored">The columns left out because some value is not a number.</param>
internal sealed record CsvTable(string Path, (string Name, int Index) Label, IReadOnlyList<(string Name, int Index)> Features, IReadOnlyList<string> Ignored)
{
    /// <summary>Reads the header and every row once to find the numeric columns.</summary>
    /// <exception cref="InvalidDataException">The file is empty, a row has the wrong number of fields, the label is not a column, or no column is numeric.</exception>
    public static CsvTable Inspect(string path, string label)
    {
        using var reader = new StreamReader(path);
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty; expected a header row and data rows.");
        string[] names = [.. header.Split(',').Select(n => n.Trim().Trim('"'))];
        int labelIndex = Array.IndexOf(names, label);
        if (labelIndex < 0)
        {
            throw new InvalidDataException($"{path} has no column '{label}' (its columns: {string.Join(", ", names)}); give --label one of them.");
        }

        bool[] numeric = [.. names.Select(_ => true)];
        int line = 1;
        int rows = 0;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            string[] fields = text.Split(',');
            if (fields.Length != names.Length)
            {
                throw new InvalidDataException($"{path}, line {line}: {fields.Length} fields, but the header has {names.Length}.");
            }

            for (int c = 0; c < fields.Length; c++)
            {
                numeric[c] &= double.TryParse(fields[c].Trim().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            }

            rows++;
        }

        if (rows == 0)
        {
            throw new InvalidDataException($"{path} has a header but no data rows.");
        }

        var features = new List<(string, int)>();
        var ignored = new List<string>();
        for (int c = 0; c < names.Length; c++)
        {
            if (c != labelIndex)
            {
                (numeric[c] ? (System.Collections.IList)features : ignored).Add(numeric[c] ? (names[c], c) : names[c]);
            }
        }

        if (features.Count == 0)
        {
            throw new InvalidDataException($"{path}: no column besides '{label}' holds only numbers, so there are no features.");
        }

        return new CsvTable(path, (label, labelIndex), features, ignored);
    }

    /// <summary>
    /// The file through ML.NET's <c>TextLoader</c>: <c>Features</c>, the numeric columns as one vector of Single, and
    /// <c>Label</c>, typed for the task (Boolean, Single, or text to be keyed).
    /// </summary>
    public IDataView Load(MLContext ml, TabularTask task)
    {
        DataKind labelKind = task switch
        {
            TabularTask.Binary => DataKind.Boolean,
            TabularTask.Regression => DataKind.Single,
            _ => DataKind.String,
        };
        TextLoader.Range[] ranges = [.. Features.Select(f => new TextLoader.Range(f.Index))];
        return ml.Data.LoadFromTextFile(
            Path,
            [new TextLoader.Column("Features", DataKind.Single, ranges), new TextLoader.Column("Label", labelKind, Label.Index)],
            separatorChar: ',',
            hasHeader: true,
            allowQuoting: true);
    }
}
