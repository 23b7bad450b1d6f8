namespace Hw2.MLNet.Network;

/// <summary>How a network's weights and biases are drawn before training (seeded; the same numbers on every platform).</summary>
public enum WeightInitialization
{
    /// <summary>
    /// The homework's (and PyTorch's <c>nn.Linear</c> default): every weight and bias of a layer uniform in
    /// ±1/√fan_in, so the weights' variance is 1/(3·fan_in).
    /// </summary>
    Uniform,

    /// <summary>
    /// He et al. 2015 for ReLU networks (PyTorch's <c>kaiming_uniform_</c>, Keras' <c>he_uniform</c>): weights uniform in
    /// ±√(6/fan_in), variance 2/fan_in, which keeps the activations' scale through deep ReLU stacks; biases 0.
    /// </summary>
    HeUniform,
}
