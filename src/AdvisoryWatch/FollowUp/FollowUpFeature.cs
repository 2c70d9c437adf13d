namespace AdvisoryWatch.FollowUp;

public static class FollowUpFeature
{
    public static WebApplicationBuilder AddFollowUp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<FollowUps>();
        return builder;
    }

    public static WebApplication MapFollowUp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapAssessmentsApi();
    }
}
