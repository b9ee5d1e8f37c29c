package io.orderhub.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the XML representation of JSON defined by XPath 3.1 ({@code fn:xml-to-json}): {@code map},
 * {@code array}, {@code string}, {@code number}, {@code boolean} and {@code null} elements, members
 * named by a {@code key} attribute. An XSLT 1.0 mapping writes that vocabulary, so XML channels end in
 * the same canonical JSON as every other channel without string-built JSON.
 */
final class XmlJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private XmlJson() {
    }

    static JsonNode toJson(Node result) {
        Element root = result instanceof Document d ? d.getDocumentElement() : firstElement(result);
        return root == null ? null : value(root);
    }

    private static Element firstElement(Node n) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static JsonNode value(Element e) {
        String text = e.getTextContent();
        return switch (e.getLocalName() != null ? e.getLocalName() : e.getTagName()) {
            case "map" -> {
                ObjectNode o = F.objectNode();
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element m) {
                        JsonNode v = value(m);
                        if (v != null) {
                            o.set(m.getAttribute("key"), v);
                        }
                    }
                }
                yield o;
            }
            case "array" -> {
                ArrayNode a = F.arrayNode();
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element m) {
                        JsonNode v = value(m);
                        if (v != null) {
                            a.add(v);
                        }
                    }
                }
                yield a;
            }
            // an empty string element is an absent value: XSLT cannot easily leave a member out
            case "string" -> text.isEmpty() ? null : F.textNode(text);
            case "number" -> text.isBlank() ? null : text.trim().matches("-?[0-9]{1,18}")
                    ? F.numberNode(Long.parseLong(text.trim())) : F.numberNode(new BigDecimal(text.trim()));
            case "boolean" -> text.isBlank() ? null : F.booleanNode(Boolean.parseBoolean(text.trim()));
            case "null" -> F.nullNode();
            default -> throw new IllegalArgumentException("not an XPath JSON element: " + e.getTagName());
        };
    }
}
