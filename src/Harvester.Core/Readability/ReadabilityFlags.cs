namespace Harvester.Core.Readability;

[Flags]
internal enum ReadabilityFlags
{
    None = 0,
    StripUnlikelys = 0x1,
    WeightClasses = 0x2,
    CleanConditionally = 0x4,
    All = StripUnlikelys | WeightClasses | CleanConditionally,
}
