namespace Hw2.MLNet.Gradients;

/// <summary>How the gradients of the loss with respect to the parameters are obtained. All three give the same numbers.</summary>
public enum GradientEngine
{
    /// <summary>The homework's hand-derived back-propagation equations, on reusable buffers.</summary>
    Backprop,

    /// <summary>A general reverse-mode automatic-differentiation tape; the training step builds the graph from ops.</summary>
    Autograd,

    /// <summary><c>Linear</c>/<c>ReLU</c>/<c>Sequential</c> modules on the autograd tape (the homework's <c>torch.nn</c> example).</summary>
    Modules,
}
