using System.Globalization;
using System.IO.Compression;
using System.Text;
using Hw2.MLNet.Data.Sources;

namespace Hw2.MLNet.Data;

/// <summary>
/// A small real table from the data sets scikit-learn ships (Debian's <c>python3-sklearn</c> package, BSD-licensed):
/// its source files with their SHA-256 sums, where to get them, and how they become one plain CSV file with a header
/// row (<see cref="EnsureCsv"/>), the label in the last column, ready for ML.NET's <c>TextLoader</c>.
/// </summary>
public sealed class TabularDataset
{
    private const string PackageFolder = "usr/lib/python3/dist-packages/sklearn/datasets/data";

    private readonly Func<string, string> toCsv;

    private TabularDataset(string name, string labelColumn, IReadOnlyList<DatasetFile> files, Func<string, string> toCsv)
    {
        Name = name;
        LabelColumn = labelColumn;
        Files = files;
        this.toCsv = toCsv;
    }

    /// <summary>
    /// Wisconsin diagnostic breast cancer (569 rows, 30 features of cell nuclei): a binary task. The label
    /// <c>benign</c> is 1 for a benign tumour (357 rows) and 0 for a malignant one (212).
    /// </summary>
    public static TabularDataset BreastCancer { get; } = new(
        "breast-cancer",
        "benign",
        [new DatasetFile("breast_cancer.csv", "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed")],
        folder => BreastCancerCsv(Path.Combine(folder, "breast_cancer.csv")));

    /// <summary>
    /// Diabetes progression (442 patients, 10 raw features: age, sex, body-mass index, blood pressure and six blood
    /// serum measurements): a regression. The label <c>progression</c>, a measure of the disease one year later, runs
    /// from 25 to 346.
    /// </summary>
    public static TabularDataset Diabetes { get; } = new(
        "diabetes",
        "progression",
        [
            new DatasetFile("diabetes_data_raw.csv.gz", "fc08fc59c1cbfe65550d9ebb36321d505de9e8f004bf92c1566d2908962f08ff"),
            new DatasetFile("diabetes_target.csv.gz", "bf1ddd1f9d377278450a5f02c24b5e77b1501f2ad673fe9fdf4c4090d27eb5cc"),
        ],
        folder => DiabetesCsv(Path.Combine(folder, "diabetes_data_raw.csv.gz"), Path.Combine(folder, "diabetes_target.csv.gz")));

    /// <summary>Short name, also the CSV's file name (<c>NAME.csv</c>).</summary>
    public string Name { get; }

    /// <summary>The label's column name in the CSV (its last column).</summary>
    public string LabelColumn { get; }

    /// <summary>The files the CSV is made from, as the package ships them.</summary>
    public IReadOnlyList<DatasetFile> Files { get; }

    /// <summary>
    /// Where the files come from: the installed package's folder (<c>apt-get install python3-sklearn</c>), else the
    /// package fetched with <c>apt-get download</c> and unpacked without installing.
    /// </summary>
    public IReadOnlyList<IDatasetSource> Sources { get; } =
    [
        new LocalFolderSource("/" + PackageFolder, "installed by 'apt-get install python3-sklearn'"),
        new DebianPackageSource("python3-sklearn", PackageFolder),
    ];

    /// <summary>
    /// Makes sure <paramref name="folder"/> holds the verified source files and the CSV made from them, and returns
    /// the CSV's path. The CSV is made again from the verified files every time and rewritten (under a temporary name,
    /// then renamed into place) when it is missing or differs, so an edited or stale copy is never used.
    /// </summary>
    /// <exception cref="InvalidOperationException">No source delivered the files (the message says what each source said).</exception>
    public string EnsureCsv(string folder, Action<string>? log = null)
    {
        DatasetFiles.EnsurePresent(Name, Files, Sources, folder, log);
        string csv = Path.Combine(folder, Name + ".csv");
        string text = toCsv(folder);
        if (!File.Exists(csv) || File.ReadAllText(csv) != text)
        {
            IO.AtomicFile.WriteAllText(csv, text);
            log?.Invoke($"Wrote {csv}.");
        }

        return csv;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>scikit-learn's file: a line "569,30,malignant,benign", then 30 features and the target (0 malignant, 1 benign) per row.</summary>
    private static string BreastCancerCsv(string path)
    {
        string[] measures = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave_points", "symmetry", "fractal_dimension"];
        IEnumerable<string> names = new[] { "mean", "error", "worst" }.SelectMany(kind => measures.Select(m => $"{kind}_{m}"));
        var text = new StringBuilder().AppendJoin(',', names).Append(",benign\n");
        string[] lines = File.ReadAllLines(path);
        int rows = int.Parse(lines[0].Split(',')[0], CultureInfo.InvariantCulture);
        for (int i = 1; i <= rows; i++)
        {
            text.Append(RequireFields(lines[i], ',', 31, path, i)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>scikit-learn's two gzipped files: 10 space-separated raw features per row, and one target per row.</summary>
    private static string DiabetesCsv(string dataPath, string targetPath)
    {
        string[] data = ReadGzipLines(dataPath);
        string[] targets = ReadGzipLines(targetPath);
        if (data.Length != targets.Length)
        {
            throw new InvalidDataException($"{dataPath} has {data.Length} rows but {targetPath} has {targets.Length}.");
        }

        var text = new StringBuilder("age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression\n");
        for (int i = 0; i < data.Length; i++)
        {
            string row = RequireFields(data[i], ' ', 10, dataPath, i).Replace(' ', ',');
            double target = double.Parse(targets[i], CultureInfo.InvariantCulture);
            text.Append(row).Append(',').Append(target.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    private static string[] ReadGzipLines(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static string RequireFields(string line, char separator, int count, string path, int lineIndex)
    {
        string trimmed = line.Trim();
        if (trimmed.Split(separator).Length != count)
        {
            throw new InvalidDataException($"{path}, line {lineIndex + 1}: expected {count} fields.");
        }

        return trimmed;
    }
}
