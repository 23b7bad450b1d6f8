using Hw2.MLNet.Activations;

namespace Hw2.MLNet.Tests.Activations;

/// <summary>
/// Every activation's backward pass, value by value, against its definition
/// <c>gradInput = f'(y) · gradOutput + β · gradInput</c> (relu'(0) = 0), on lengths that exercise the 8-wide body and
/// the scalar tail, with β = 0 (overwrite) and β = 0.5 (accumulate): the mutation run over Activations/ found the
/// tail and the accumulating branches unchecked.
/// </summary>
[TestClass]
public sealed class ActivationBackwardTests
{
    [TestMethod]
    [DataRow(HiddenActivation.Relu)]
    [DataRow(HiddenActivation.Identity)]
    [DataRow(HiddenActivation.Sigmoid)]
    [DataRow(HiddenActivation.Tanh)]
    public void BackwardFollowsTheDefinitionOnEveryValue(HiddenActivation activation)
    {
        var random = new Random(5);
        foreach (int length in new[] { 3, 19 })
        {
            foreach (float beta in new[] { 0f, 0.5f })
            {
                float[] z = [.. Enumerable.Range(0, length).Select(i => i % 4 == 0 ? 0f : (float)((random.NextDouble() * 4) - 2))];
                float[] y = new float[length];
                ActivationKernels.Forward(activation, z, y);
                float[] gradOutput = [.. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1))];
                float[] before = [.. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1))];
                float[] gradInput = (float[])before.Clone();

                ActivationKernels.Backward(activation, y, gradOutput, gradInput, beta);

                for (int i = 0; i < length; i++)
                {
                    double derivative = activation switch
                    {
                        HiddenActivation.Relu => z[i] > 0 ? 1 : 0,
                        HiddenActivation.Identity => 1,
                        HiddenActivation.Sigmoid => y[i] * (1 - y[i]),
                        _ => 1 - (y[i] * y[i]),
                    };
                    double expected = (derivative * gradOutput[i]) + (beta * before[i]);
                    Assert.AreEqual(expected, gradInput[i], 1e-6, $"{activation}, length {length}, β {beta}, value {i} (z = {z[i]})");
                }
            }
        }
    }

    [TestMethod]
    public void MismatchedLengthsAreRefused()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Relu.Backward(new float[4], new float[3], new float[4]));
        Assert.ThrowsExactly<ArgumentException>(() => Relu.Backward(new float[4], new float[4], new float[5]));
        Assert.ThrowsExactly<ArgumentException>(() => Relu.Derivative(new float[4], new float[3]));
        Assert.ThrowsExactly<ArgumentException>(() => StableSoftmax.Compute(new float[4], new float[3]));
        Assert.ThrowsExactly<ArgumentException>(() => StableSoftmax.Compute([], []));
    }
}
