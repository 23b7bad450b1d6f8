namespace Hw2.MLNet.Data;

/// <summary>How byte pixels become features.</summary>
public enum PixelScale
{
    /// <summary>0..255 as they are; what the homework fed its network (hence its learning rate of 1e-4).</summary>
    Raw,

    /// <summary>Divided by 255 into [0, 1]; what modern settings (learning rate 0.1, Adam 1e-3) expect.</summary>
    Unit,
}
