namespace DbQuery.Data;

public sealed record Customer(long Id, string Name, string Email, string Country);
