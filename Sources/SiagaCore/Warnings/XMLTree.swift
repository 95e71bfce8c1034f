public import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small XML document read whole into elements by local name: enough for the feeds Siaga112 reads (CAP, RSS),
/// which are small. A document type declaration is refused before parsing (no entity expansion, no external
/// entities), as none of those feeds has one.
public struct XMLNode: Hashable, Sendable {
    /// The local name, without namespace prefix.
    public var name: String
    public var namespace: String?
    public var attributes: [String: String]
    /// The element's own text, trimmed.
    public var text: String
    public var children: [XMLNode]

    /// The first child named `name`.
    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    /// Every child named `name`.
    public func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }
    /// The text of the first child named `name`, nil when absent or empty.
    public func value(_ name: String) -> String? {
        guard let text = child(name)?.text, !text.isEmpty else { return nil }
        return text
    }

    public struct Unreadable: Error, Hashable, Sendable {
        public var reason: String
    }

    /// Reads `data` into its root element.
    public static func parse(_ data: Data, maxBytes: Int = 1 << 20) throws(Unreadable) -> XMLNode {
        guard data.count <= maxBytes else { throw Unreadable(reason: "larger than \(maxBytes) bytes") }
        let head = String(decoding: data.prefix(4096), as: UTF8.self).uppercased()
        guard !head.contains("<!DOCTYPE"), !head.contains("<!ENTITY") else {
            throw Unreadable(reason: "document type declarations are not accepted")
        }
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        guard parser.parse(), parser.parserError == nil, let root = builder.root else {
            throw Unreadable(reason: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLNode?
        private var stack: [XMLNode] = []
        private var texts: [String] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            stack.append(
                XMLNode(name: local, namespace: namespaceURI, attributes: attributes, text: "", children: []))
            texts.append("")
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !texts.isEmpty { texts[texts.count - 1] += string }
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if !texts.isEmpty { texts[texts.count - 1] += String(decoding: block, as: UTF8.self) }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            guard var node = stack.popLast(), let text = texts.popLast() else { return }
            node.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if stack.isEmpty {
                root = node
            } else {
                stack[stack.count - 1].children.append(node)
            }
        }
    }
}
