# Prints the editor's help index as one JSON document: every documented public module of Elixir's
# standard library in this image, with its functions and macros (name, arity, signature, defaults,
# the start of the docs). Run with the image's own Elixir by sandbox-image/docs/build-docs.sh, so
# completion, hover and signature help describe exactly the Elixir the sandbox runs.
defmodule DocsIndex do
  @max_doc 1_200

  def main do
    apps = [:elixir, :logger]
    Enum.each(apps, &Application.load/1)

    modules =
      apps
      |> Enum.flat_map(&(Application.spec(&1, :modules) || []))
      |> Enum.map(&module_entry/1)
      |> Enum.reject(&is_nil/1)
      |> Enum.sort_by(& &1["name"])

    IO.write(JSON.encode!(%{"elixir" => System.version(), "otp" => System.otp_release(), "modules" => modules}))
  end

  defp module_entry(module) do
    name = inspect(module)

    with false <- String.starts_with?(name, ":"),
         {:docs_v1, _, _, _, moduledoc, _, docs} <- Code.fetch_docs(module),
         true <- visible?(moduledoc) do
      functions =
        for {{kind, fun, arity}, _, signature, doc, meta} <- docs,
            kind in [:function, :macro],
            visible?(doc),
            not String.starts_with?(Atom.to_string(fun), "_") do
          %{
            "name" => Atom.to_string(fun),
            "arity" => arity,
            "kind" => Atom.to_string(kind),
            "defaults" => Map.get(meta, :defaults, 0),
            "signature" => Enum.join(signature, " / "),
            "doc" => text(doc),
            "deprecated" => Map.get(meta, :deprecated)
          }
        end

      %{"name" => name, "doc" => text(moduledoc), "functions" => Enum.sort_by(functions, &{&1["name"], &1["arity"]})}
    else
      _ -> nil
    end
  end

  defp visible?(:hidden), do: false
  defp visible?(_), do: true

  # The English docs, cut at a paragraph boundary to keep the index small.
  defp text(%{"en" => doc}) do
    if String.length(doc) <= @max_doc do
      String.trim(doc)
    else
      doc
      |> String.split(~r/\n\n/)
      |> Enum.reduce_while("", fn paragraph, acc ->
        next = if acc == "", do: paragraph, else: acc <> "\n\n" <> paragraph
        if String.length(next) > @max_doc and acc != "", do: {:halt, acc}, else: {:cont, next}
      end)
      |> String.slice(0, @max_doc * 2)
      |> String.trim()
    end
  end

  defp text(_), do: ""
end

DocsIndex.main()
