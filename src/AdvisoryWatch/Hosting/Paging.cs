namespace AdvisoryWatch.Hosting;

/// <summary>The one paging rule of the API's lists: pages count from 1; a page past the end is empty.</summary>
public static class Paging
{
    /// <summary>
    /// The rows to skip for <paramref name="page"/>, or null when that page starts past the last
    /// row. Worked out in 64 bits: a large page number once wrapped to a negative offset, which
    /// SQLite reads as 0 (the first page again) and PostgreSQL refuses.
    /// </summary>
    public static int? Offset(int page, int pageSize, int total)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var offset = (long)(page - 1) * pageSize;
        return offset < total ? (int)offset : null;
    }
}
