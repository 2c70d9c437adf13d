namespace AdvisoryWatch.Notifications;

public sealed record DeliveryPage(int Page, int PageSize, int Total, IReadOnlyList<DeliveryView> Items);
