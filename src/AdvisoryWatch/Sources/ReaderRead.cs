using AdvisoryWatch.Extraction;

namespace AdvisoryWatch.Sources;

/// <summary>What one of a source's readers showed on one poll.</summary>
/// <param name="Silent">
/// A baseline taken alongside the primary's read (the fallback's, a discovered feed's): what it
/// shows is recorded, and nothing in it is announced.
/// </param>
public sealed record ReaderRead(SourceReader Reader, ExtractedFeed Feed, bool Silent = false);
