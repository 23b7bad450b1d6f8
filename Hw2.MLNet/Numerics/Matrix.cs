namespace Hw2.MLNet.Numerics;

/// <summary>
/// A dense, row-major matrix of <see cref="float"/>: the values of the autograd tape's nodes, the parameters and the
/// in-memory data sets. Its values are reached through <see cref="Span"/>, <see cref="Row"/> and the indexer; a
/// <see cref="RowRange"/> view shares the storage.
/// </summary>
public sealed class Matrix
{
    /// <summary>Creates a zero-filled matrix.</summary>
    /// <param name="rows">Number of rows (≥ 0).</param>
    /// <param name="cols">Number of columns (≥ 0).</param>
    /// <exception cref="ArgumentException">The matrix has more values than one array holds (<see cref="Array.MaxLength"/>).</exception>
    public Matrix(int rows, int cols)
        : this(rows, cols, new float[CheckSize(rows, cols)])
    {
    }

    /// <summary>Wraps an existing array (not copied) as a <paramref name="rows"/> × <paramref name="cols"/> matrix.</summary>
    /// <exception cref="ArgumentException">The array is shorter than <c>rows * cols</c>.</exception>
    public Matrix(int rows, int cols, float[] data)
        : this(rows, cols, data, 0)
    {
    }

    private Matrix(int rows, int cols, float[] data, int offset)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckDimension(rows, nameof(rows));
        CheckDimension(cols, nameof(cols));
        if (data.Length - offset < (long)rows * cols)
        {
            throw new ArgumentException(
                $"A {rows}×{cols} matrix needs {(long)rows * cols} values but the array holds {data.Length - offset} from offset {offset}.", nameof(data));
        }

        Rows = rows;
        Cols = cols;
        Data = data;
        Offset = offset;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>The backing array, for the kernels; element (r, c) is at <c>Offset + r * Cols + c</c>.</summary>
    internal float[] Data { get; }

    /// <summary>Index in <see cref="Data"/> of element (0, 0); non-zero for a view made by <see cref="RowRange"/>.</summary>
    internal int Offset { get; }

    /// <summary>The panels kept for the products of a fixed matrix (<see cref="AsFixed"/>); null for any other.</summary>
    internal FixedPanels? FixedPanels { get; private init; }

    /// <summary>Number of elements, <c>Rows * Cols</c>.</summary>
    public int Length => Rows * Cols;

    /// <summary>The elements in row-major order.</summary>
    public Span<float> Span => Data.AsSpan(Offset, Length);

    /// <summary>Element at row <paramref name="r"/>, column <paramref name="c"/>.</summary>
    public float this[int r, int c]
    {
        get => Data[Index(r, c)];
        set => Data[Index(r, c)] = value;
    }

    /// <summary>One row as a span.</summary>
    public Span<float> Row(int r)
    {
        if ((uint)r >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(r), r, $"Row must be in [0, {Rows}).");
        }

        return Data.AsSpan(Offset + (r * Cols), Cols);
    }

    /// <summary>A view of rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) sharing this matrix's storage.</summary>
    public Matrix RowRange(int start, int count)
    {
        if (start < 0 || count < 0 || start > Rows - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows [{start}, {start + count}) are outside [0, {Rows}).");
        }

        return start == 0 && count == Rows ? this : new Matrix(count, Cols, Data, Offset + (start * Cols));
    }

    /// <summary>
    /// A view of this matrix (the same storage) whose products keep the A panels they make (<see cref="Numerics.FixedPanels"/>):
    /// for the owner of values that nothing writes while the view is in use, such as the training rows of a full-batch
    /// run. A matrix over <see cref="Numerics.FixedPanels.MaxValues"/> values gets a plain view.
    /// </summary>
    internal Matrix AsFixed() => new(Rows, Cols, Data, Offset) { FixedPanels = Numerics.FixedPanels.For(this) };

    /// <summary>A deep copy holding exactly <c>Rows * Cols</c> values.</summary>
    public Matrix Clone() => new(Rows, Cols, Span.ToArray());

    /// <summary>Copies the values of <paramref name="source"/>, which must have the same shape.</summary>
    public void CopyFrom(Matrix source)
    {
        ArgumentNullException.ThrowIfNull(source);
        RequireSameShape(source, nameof(source));
        source.Span.CopyTo(Span);
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>True when both matrices have the same number of rows and columns.</summary>
    internal bool HasSameShape(Matrix other) => other.Rows == Rows && other.Cols == Cols;

    /// <summary>Throws when <paramref name="other"/> does not have this matrix's shape.</summary>
    internal void RequireSameShape(Matrix other, string paramName) => other.RequireShape(Rows, Cols, paramName);

    /// <summary>Throws when this matrix is not <paramref name="rows"/> × <paramref name="cols"/>.</summary>
    internal void RequireShape(int rows, int cols, string paramName)
    {
        if (Rows != rows || Cols != cols)
        {
            throw new ArgumentException($"Expected a {rows}×{cols} matrix but got {Rows}×{Cols}.", paramName);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Matrix {Rows}×{Cols}";

    private int Index(int r, int c)
    {
        if ((uint)r >= (uint)Rows || (uint)c >= (uint)Cols)
        {
            throw new ArgumentOutOfRangeException(nameof(r), $"({r}, {c}) is outside a {Rows}×{Cols} matrix.");
        }

        return Offset + (r * Cols) + c;
    }

    private static int CheckSize(int rows, int cols)
    {
        long size = (long)CheckDimension(rows, nameof(rows)) * CheckDimension(cols, nameof(cols));
        if (size > Array.MaxLength)
        {
            throw new ArgumentException($"A {rows}×{cols} matrix has {size} values, more than one float32 array holds ({Array.MaxLength}).", nameof(rows));
        }

        return (int)size;
    }

    private static int CheckDimension(int value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        return value;
    }
}
