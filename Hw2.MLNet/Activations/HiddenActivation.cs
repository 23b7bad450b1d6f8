namespace Hw2.MLNet.Activations;

/// <summary>The non-linearity applied after every hidden layer.</summary>
public enum HiddenActivation
{
    /// <summary><c>max(z, 0)</c>: the homework's choice and the default.</summary>
    Relu,

    /// <summary>No non-linearity: a deep network then collapses to a linear model (the homework's Q1.1).</summary>
    Identity,

    /// <summary>The logistic function <c>1 / (1 + e^−z)</c>.</summary>
    Sigmoid,

    /// <summary>The hyperbolic tangent.</summary>
    Tanh,
}
