package io.orderhub.channels;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the XML representation of JSON defined by XPath 3.1 ({@code fn:xml-to-json}): {@code map},
 * {@code array}, {@code string}, {@code number}, {@code boolean} and {@code null} elements, members
 * named by a {@code key} attribute. An XSLT 1.0 mapping writes that vocabulary, so XML channels end in
 * the same canonical draft (maps, lists, strings, exact decimals) as every other channel without
 * string-built JSON. Numbers are read from their text as {@code Long} or {@code BigDecimal}: an XSLT
 * 1.0 number is a double, so money is written as a {@code string} element and never computed in XSLT.
 */
final class XmlJson {

    private XmlJson() {
    }

    static Object toValue(Node result) {
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

    private static final Object ABSENT = new Object();

    private static Object value(Element e) {
        String kind = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
        switch (kind) {
            case "map" -> {
                Map<String, Object> o = new LinkedHashMap<>();
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element m) {
                        Object v = value(m);
                        if (v != ABSENT) {
                            o.put(m.getAttribute("key"), v);
                        }
                    }
                }
                return o;
            }
            case "array" -> {
                List<Object> a = new ArrayList<>();
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element m) {
                        Object v = value(m);
                        if (v != ABSENT) {
                            a.add(v);
                        }
                    }
                }
                return a;
            }
            case "null" -> {
                return null;
            }
            default -> {
                String text = e.getTextContent();
                return switch (kind) {
                    // an empty string element is an absent value: XSLT cannot easily leave a member out
                    case "string" -> text.isEmpty() ? ABSENT : text;
                    case "number" -> text.isBlank() ? ABSENT : text.trim().matches("-?[0-9]{1,18}")
                            ? (Object) Long.parseLong(text.trim()) : new BigDecimal(text.trim());
                    case "boolean" -> text.isBlank() ? ABSENT : Boolean.parseBoolean(text.trim());
                    default -> throw new IllegalArgumentException("not an XPath JSON element: " + e.getTagName());
                };
            }
        }
    }
}
