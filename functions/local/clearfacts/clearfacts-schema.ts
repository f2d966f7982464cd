import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * The part of Clearfacts' published GraphQL schema this project touches, as SDL. The stand-in
 * parses and validates every request against it with graphql-js, so a misspelt argument, an
 * unknown field or a wrong variable type fails here exactly as it would at the server.
 *
 * Sources: Clearfacts/cf_developer_docs (upload, administrations) and the integrator findings
 * summarised in docs/delivery.md; `VARIOUS` and `tags` are from the published schema page as an
 * integrator quoted it. `journal` exists in the real signature with a type the public pages do
 * not give, so it is left out: sending it fails here, which is what we want (we never send it).
 *
 * The archive calls follow their pages (https://developer.clearfacts.be/#query-archive-categories and
 * #mutation-upload-archive-file; Clearfacts/cf_developer_docs source/includes/30_3_3 and 30_3_4): the
 * examples declare every argument of `uploadArchiveFile` non-null and use only `vatnumber`, so the
 * SDL does too; `Category.id` is a uuid string there.
 *
 * To add an operation, add it here and a resolver in `clearfacts-resolvers.ts`; nothing else needs
 * to change.
 */
export const CLEARFACTS_SDL = /* GraphQL */ `
  enum InvoiceTypeArgument {
    PURCHASE
    SALE
    VARIOUS
  }

  enum VariousType {
    VARIOUS
    PERMANENT
  }

  type Category {
    id: String!
    name: String
  }

  type Categories {
    various: [Category]
    permanent: [Category]
  }

  type File {
    uuid: String!
    name: String
    amountOfPages: Int
    comment: String
    tags: [String]
  }

  type Email {
    type: String
    emailAddress: String
  }

  type Administration {
    name: String
    companyNumber: String
    emails: [Email]
  }

  type Query {
    administrations(offset: Int, first: Int): [Administration]
    administration(companyNumber: String!): Administration
    archiveCategories(vatnumber: String!): Categories
  }

  type Mutation {
    uploadFile(
      companyNumber: String
      vatnumber: String @deprecated(reason: "Use companyNumber")
      filename: String!
      invoicetype: InvoiceTypeArgument
      comment: String
      tags: [String]
    ): File
    uploadArchiveFile(vatnumber: String!, filename: String!, type: VariousType!, category: String!): File
  }
`;

let schema: GraphQLSchema | undefined;

/** The schema, built once. */
export function clearfactsSchema(): GraphQLSchema {
  schema ??= buildSchema(CLEARFACTS_SDL);
  return schema;
}
