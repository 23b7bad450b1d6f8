using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Autograd;

/// <summary>
/// Records a computation as it runs (define-by-run) and differentiates it in reverse. Call <see cref="Reset"/>
/// before each new computation: the intermediate matrices of the previous one go back to a pool and are reused,
/// so a training loop that repeats the same shapes stops allocating large buffers after its first step.
/// </summary>
public sealed class Tape
{
    private readonly List<Node> recorded = [];
    private readonly Dictionary<Parameter, Node> parameterNodes = [];
    private readonly Dictionary<int, Stack<float[]>> pool = [];
    private readonly HashSet<float[]> rented = new(ReferenceEqualityComparer.Instance);

    /// <summary>Number of nodes recorded since the last <see cref="Reset"/>.</summary>
    public int Count => recorded.Count;

    /// <summary>True while a <see cref="Backward"/> that frees intermediate gradients as it goes is running.</summary>
    internal bool ReleasesGradients { get; private set; }

    /// <summary>How many buffers the pool has had to allocate since the tape was created.</summary>
    internal int BuffersAllocated { get; private set; }

    /// <summary>A leaf that needs no gradient (input data). The matrix is not copied.</summary>
    public Node Constant(Matrix value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(new Node(this, value, [], requiresGradient: false, backward: null, gradient: null));
    }

    /// <summary>
    /// The leaf for a trainable <paramref name="parameter"/>. Its gradient is written straight into
    /// <see cref="Parameter.Gradient"/>; asking twice in one computation returns the same node, so the
    /// contributions of every use add up.
    /// </summary>
    public Node Parameter(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!parameterNodes.TryGetValue(parameter, out Node? node))
        {
            node = Add(new Node(this, parameter.Value, [], requiresGradient: true, backward: null, gradient: parameter.Gradient));
            parameterNodes[parameter] = node;
        }

        return node;
    }

    /// <summary>
    /// Back-propagates from <paramref name="loss"/> (a 1×1 node): orders the graph topologically with an explicit
    /// stack (no recursion, whatever the depth), seeds dLoss/dLoss = 1 and runs each node's rule once, outputs
    /// before inputs. Parameters that the loss does not depend on get a zero gradient.
    /// </summary>
    /// <param name="loss">The scalar to differentiate.</param>
    /// <param name="retainGradients">
    /// Keep every intermediate node's <see cref="Node.Gradient"/> readable afterwards. By default (as in PyTorch, where
    /// only leaves keep <c>.grad</c>), an intermediate gradient goes back to the pool as soon as its node's rule has
    /// run, so the rules still to run can reuse it, and an activation's rule may compute its input's gradient in place
    /// (<see cref="Node.GradientTargetInPlace"/>): together they took the peak of a full batch of 60000 rows through the
    /// deep network from 605 to 514 MB. Parameter gradients are always kept.
    /// </param>
    public void Backward(Node loss, bool retainGradients = false)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (!ReferenceEquals(loss.Tape, this))
        {
            throw new ArgumentException("The loss was recorded on another tape.", nameof(loss));
        }

        if (loss.Value.Rows != 1 || loss.Value.Cols != 1)
        {
            throw new ArgumentException($"Backward needs a scalar (1×1) loss but got {loss.Value.Rows}×{loss.Value.Cols}.", nameof(loss));
        }

        foreach (Node node in recorded)
        {
            node.GradientWritten = false;
        }

        List<Node> order = TopologicalOrder(loss);
        loss.GradientTarget(out _).Span.Fill(1f);
        ReleasesGradients = !retainGradients;
        try
        {
            for (int i = order.Count - 1; i >= 0; i--)
            {
                Node node = order[i];
                if (node.GradientWritten && node.BackwardRule is { } rule)
                {
                    rule(node);
                    if (!retainGradients)
                    {
                        Release(node.TakeGradient());
                    }
                }
            }
        }
        finally
        {
            ReleasesGradients = false;
        }

        foreach (Node parameter in parameterNodes.Values)
        {
            if (!parameter.GradientWritten)
            {
                parameter.GradientTarget(out _).Clear();
            }
        }
    }

    /// <summary>Forgets the recorded computation and returns its intermediate buffers to the pool.</summary>
    public void Reset()
    {
        recorded.Clear();
        parameterNodes.Clear();
        foreach (float[] buffer in rented)
        {
            Pool(buffer);
        }

        rented.Clear();
    }

    /// <summary>Records a node computed by an op; <paramref name="backward"/> receives the node itself.</summary>
    internal Node Record(Matrix value, Node[] inputs, Action<Node> backward)
    {
        bool requiresGradient = false;
        foreach (Node input in inputs)
        {
            if (!ReferenceEquals(input.Tape, this))
            {
                throw new ArgumentException("All inputs of an op must be recorded on the same tape.", nameof(inputs));
            }

            requiresGradient |= input.RequiresGradient;
        }

        return Add(new Node(this, value, inputs, requiresGradient, requiresGradient ? backward : null, gradient: null));
    }

    /// <summary>A rows × cols matrix from the pool, valid until <see cref="Reset"/>; its contents are arbitrary.</summary>
    internal Matrix Rent(int rows, int cols)
    {
        int length = rows * cols;
        float[] buffer;
        if (pool.TryGetValue(length, out Stack<float[]>? stack) && stack.Count > 0)
        {
            buffer = stack.Pop();
        }
        else
        {
            buffer = new float[length];
            BuffersAllocated++;
        }

        rented.Add(buffer);
        return new Matrix(rows, cols, buffer);
    }

    /// <summary>Returns a buffer rented since the last <see cref="Reset"/> to the pool before the reset.</summary>
    private void Release(Matrix? matrix)
    {
        if (matrix is not null && rented.Remove(matrix.Data))
        {
            Pool(matrix.Data);
        }
    }

    private void Pool(float[] buffer)
    {
        if (!pool.TryGetValue(buffer.Length, out Stack<float[]>? stack))
        {
            stack = new Stack<float[]>();
            pool[buffer.Length] = stack;
        }

        stack.Push(buffer);
    }

    private Node Add(Node node)
    {
        recorded.Add(node);
        return node;
    }

    private static List<Node> TopologicalOrder(Node root)
    {
        var order = new List<Node>();
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<(Node Node, int NextInput)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            (Node node, int next) = stack.Pop();
            if (next < node.Inputs.Count)
            {
                stack.Push((node, next + 1));
                Node input = node.Inputs[next];
                if (input.RequiresGradient && visited.Add(input))
                {
                    stack.Push((input, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }

        return order;
    }
}
