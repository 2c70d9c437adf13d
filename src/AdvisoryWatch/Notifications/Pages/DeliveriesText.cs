namespace AdvisoryWatch.Notifications.Pages;

/// <summary>The deliveries page's texts (<c>DeliveriesText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class DeliveriesText;
