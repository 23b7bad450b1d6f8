using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Network;

/// <summary>A trainable tensor and the gradient buffer of the same shape that the gradient engines fill.</summary>
public sealed class Parameter
{
    /// <summary>Wraps <paramref name="value"/> and allocates a zero gradient of the same shape.</summary>
    public Parameter(string name, Matrix value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        Gradient = new Matrix(value.Rows, value.Cols);
    }

    /// <summary>Name such as <c>W1</c> or <c>b2</c>.</summary>
    public string Name { get; }

    /// <summary>The values the optimizer updates.</summary>
    public Matrix Value { get; }

    /// <summary>dLoss/dValue of the last batch.</summary>
    public Matrix Gradient { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Value.Rows}×{Value.Cols}";
}
