namespace AdvisoryWatch.Access;

/// <summary>The problem-details bodies of refused requests (401, 403, 429), one wording for each.</summary>
internal static class AccessProblems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
    }

    public static Task UnauthorizedAsync(HttpContext context, string? failure) =>
        WriteAsync(
            context,
            StatusCodes.Status401Unauthorized,
            "Sign-in required",
            failure ?? "Send an API key as 'Authorization: Bearer aw_...', or sign in.");

    public static Task ForbiddenAsync(HttpContext context) =>
        WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            "Not allowed",
            "This credential's role does not allow this request.");
}
