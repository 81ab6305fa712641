import GRDB
import KPModel

// The inventory records read straight from their tables: GRDB decodes a row by
// the record's coding keys, which are the column names (list columns from JSON).
extension Inventory.InputFile: FetchableRecord {}
extension Inventory.Host: FetchableRecord {}
extension Inventory.Service: FetchableRecord {}
extension Inventory.DNSQuery: FetchableRecord {}
extension Inventory.DNSAnswer: FetchableRecord {}
extension Inventory.HTTPHost: FetchableRecord {}
extension Inventory.TLSName: FetchableRecord {}
extension Inventory.DHCPLease: FetchableRecord {}
extension Inventory.Site: FetchableRecord {}
extension Inventory.Anomaly: FetchableRecord {}
extension Inventory.ActivityBucket: FetchableRecord {}
extension Inventory.ClientDevices: FetchableRecord {}
extension Inventory.ServiceSpread: FetchableRecord {}
extension ScanSection.Zone: FetchableRecord {}
