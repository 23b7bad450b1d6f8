using Hw2.MLNet.Training;

namespace Hw2.MLNet.Tests.Support;

/// <summary>Compares training histories by value (an <see cref="EpochRecord"/>'s dead-unit fractions are a list, which records compare by reference).</summary>
internal static class HistoryAssert
{
    public static void AreEqual(IEnumerable<EpochRecord> expected, IEnumerable<EpochRecord> actual)
    {
        CollectionAssert.AreEqual(Texts(expected), Texts(actual));
    }

    private static string[] Texts(IEnumerable<EpochRecord> history) =>
        [.. history.Select(r => $"{r with { DeadUnitFractions = null }} dead [{string.Join(", ", r.DeadUnitFractions?.Select(f => f.ToString("R")) ?? [])}]")];
}
