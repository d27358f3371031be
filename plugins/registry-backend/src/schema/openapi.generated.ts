// Generated from openapi.yaml (the contract the router enforces); openapi.test.ts keeps the two equal.
/* eslint-disable */

/** The Cellport registry plugin's OpenAPI document. */
export const spec = {
  "openapi": "3.0.3",
  "info": {
    "title": "Cellport registry",
    "version": "0.1.0",
    "description": "Image groups and repositories with members and roles, tags, activity, robot accounts and\npersonal access tokens of the Cellport registry plugin, plus the two endpoints a Docker\nregistry (distribution 2.x, `auth: token`) talks to: the token service (Docker Registry v2\ntoken authentication) and the registry's notification webhook. Those two keep the wire\nformat of their specifications (token errors also in the registry's `errors` shape) and are\nauthenticated by their own means (HTTP Basic; the webhook's bearer secret). Members,\nownership and activity of groups and repositories are the access library's routes.\n",
    "license": {
      "name": "Apache-2.0"
    }
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "responses": {
      "Error": {
        "description": "An error in Backstage's shape.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "NoContent": {
        "description": "Done."
      }
    },
    "parameters": {
      "PageLimit": {
        "name": "limit",
        "in": "query",
        "required": false,
        "description": "At most this many (1 to 500; default 100).",
        "schema": {
          "type": "string",
          "maxLength": 16
        }
      },
      "PageCursor": {
        "name": "cursor",
        "in": "query",
        "required": false,
        "description": "The nextCursor of the previous page.",
        "schema": {
          "type": "string",
          "maxLength": 2048
        }
      }
    },
    "schemas": {
      "NextCursor": {
        "type": "string",
        "description": "The cursor of the next page (pass it as `cursor`); absent on the last page."
      },
      "Error": {
        "type": "object",
        "properties": {
          "error": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            },
            "required": [
              "name",
              "message"
            ]
          },
          "request": {
            "type": "object",
            "properties": {
              "method": {
                "type": "string"
              },
              "url": {
                "type": "string"
              }
            }
          },
          "response": {
            "type": "object",
            "properties": {
              "statusCode": {
                "type": "integer"
              }
            }
          }
        },
        "required": [
          "error"
        ]
      },
      "RegistryError": {
        "description": "Backstage's error shape plus the registry's `errors` list (token endpoint).",
        "allOf": [
          {
            "$ref": "#/components/schemas/Error"
          },
          {
            "type": "object",
            "properties": {
              "errors": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "code": {
                      "type": "string"
                    },
                    "message": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        ]
      },
      "Visibility": {
        "type": "string",
        "enum": [
          "private",
          "public"
        ]
      },
      "Role": {
        "type": "string",
        "enum": [
          "guest",
          "reporter",
          "developer",
          "master",
          "owner"
        ]
      },
      "RegistryAction": {
        "type": "string",
        "enum": [
          "pull",
          "push",
          "delete"
        ]
      },
      "ImageGroup": {
        "type": "object",
        "required": [
          "name",
          "visibility",
          "description",
          "createdBy",
          "createdAt"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "visibility": {
            "$ref": "#/components/schemas/Visibility"
          },
          "description": {
            "type": "string"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "role": {
            "$ref": "#/components/schemas/Role"
          },
          "repositoryCount": {
            "type": "integer",
            "description": "Repositories the caller may see."
          }
        }
      },
      "RepositoryAllowedActions": {
        "type": "object",
        "description": "What the caller may do on the repository, by access matrix action.",
        "additionalProperties": {
          "type": "boolean"
        }
      },
      "ImageRepository": {
        "type": "object",
        "required": [
          "name",
          "group",
          "visibilityOverride",
          "visibility",
          "description",
          "createdBy",
          "createdAt",
          "pullCount"
        ],
        "properties": {
          "name": {
            "type": "string",
            "description": "group/name"
          },
          "group": {
            "type": "string"
          },
          "visibilityOverride": {
            "type": "string",
            "nullable": true,
            "enum": [
              "private",
              "public",
              null
            ],
            "description": "Its own visibility, or null to follow the group's."
          },
          "visibility": {
            "$ref": "#/components/schemas/Visibility"
          },
          "description": {
            "type": "string"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "pullCount": {
            "type": "integer"
          },
          "role": {
            "$ref": "#/components/schemas/Role"
          },
          "allowed": {
            "$ref": "#/components/schemas/RepositoryAllowedActions"
          },
          "registryHost": {
            "type": "string"
          }
        }
      },
      "ImageTag": {
        "type": "object",
        "required": [
          "tag",
          "digest",
          "mediaType",
          "size"
        ],
        "properties": {
          "tag": {
            "type": "string"
          },
          "digest": {
            "type": "string"
          },
          "mediaType": {
            "type": "string"
          },
          "size": {
            "type": "integer"
          },
          "created": {
            "type": "string",
            "format": "date-time"
          },
          "pushedAt": {
            "type": "string",
            "format": "date-time"
          },
          "pusher": {
            "type": "string"
          }
        }
      },
      "ImageTagPage": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ImageTag"
            }
          },
          "next": {
            "type": "string",
            "description": "The last tag of this page, to ask for the next."
          },
          "nextCursor": {
            "$ref": "#/components/schemas/NextCursor"
          }
        }
      },
      "RegistryActivity": {
        "type": "object",
        "required": [
          "id",
          "group",
          "action",
          "actor",
          "createdAt",
          "details"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "group": {
            "type": "string"
          },
          "repository": {
            "type": "string"
          },
          "action": {
            "type": "string"
          },
          "actor": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "details": {
            "type": "object",
            "additionalProperties": true
          }
        }
      },
      "ActivityList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RegistryActivity"
            }
          }
        }
      },
      "RobotScope": {
        "type": "object",
        "required": [
          "repository",
          "actions"
        ],
        "additionalProperties": false,
        "properties": {
          "repository": {
            "type": "string",
            "description": "A repository of the group, or `*`."
          },
          "actions": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/RegistryAction"
            }
          }
        }
      },
      "RobotAccount": {
        "type": "object",
        "required": [
          "name",
          "group",
          "username",
          "scopes",
          "createdBy",
          "createdAt"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "group": {
            "type": "string"
          },
          "username": {
            "type": "string",
            "description": "robot$<group>+<name>"
          },
          "scopes": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RobotScope"
            }
          },
          "createdBy": {
            "type": "string"
          },
          "onBehalfOf": {
            "type": "string"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "CreatedRobotAccount": {
        "allOf": [
          {
            "$ref": "#/components/schemas/RobotAccount"
          },
          {
            "type": "object",
            "required": [
              "secret"
            ],
            "properties": {
              "secret": {
                "type": "string",
                "description": "Shown once."
              }
            }
          }
        ]
      },
      "PersonalAccessToken": {
        "type": "object",
        "required": [
          "id",
          "user",
          "name",
          "createdAt",
          "expiresAt"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "user": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "lastUsedAt": {
            "type": "string",
            "format": "date-time"
          },
          "revokedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "CreatedPersonalAccessToken": {
        "allOf": [
          {
            "$ref": "#/components/schemas/PersonalAccessToken"
          },
          {
            "type": "object",
            "required": [
              "token",
              "username"
            ],
            "properties": {
              "token": {
                "type": "string",
                "description": "Shown once."
              },
              "username": {
                "type": "string"
              },
              "registryHost": {
                "type": "string"
              }
            }
          }
        ]
      },
      "RegistryToken": {
        "type": "object",
        "required": [
          "token",
          "access_token",
          "expires_in",
          "issued_at"
        ],
        "properties": {
          "token": {
            "type": "string",
            "description": "RS256 JWT with the libtrust kid."
          },
          "access_token": {
            "type": "string"
          },
          "expires_in": {
            "type": "integer"
          },
          "issued_at": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "Member": {
        "type": "object",
        "required": [
          "resourceRef",
          "member",
          "role",
          "createdAt",
          "updatedAt"
        ],
        "properties": {
          "resourceRef": {
            "type": "string"
          },
          "member": {
            "type": "string"
          },
          "role": {
            "$ref": "#/components/schemas/Role"
          },
          "inheritedFrom": {
            "type": "string"
          },
          "addedBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "MemberList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Member"
            }
          },
          "nextCursor": {
            "$ref": "#/components/schemas/NextCursor"
          }
        }
      },
      "ImageGroupQuotaLimits": {
        "type": "object",
        "description": "An owner group's image group limit (a non-negative whole number); omitted is unlimited.",
        "additionalProperties": false,
        "properties": {
          "imageGroups": {
            "type": "integer",
            "minimum": 0
          }
        }
      },
      "ImageGroupQuota": {
        "type": "object",
        "required": [
          "ownerGroup",
          "limits",
          "usage"
        ],
        "properties": {
          "ownerGroup": {
            "type": "string"
          },
          "limits": {
            "$ref": "#/components/schemas/ImageGroupQuotaLimits"
          },
          "usage": {
            "type": "object",
            "required": [
              "imageGroups"
            ],
            "properties": {
              "imageGroups": {
                "type": "integer"
              }
            }
          },
          "updatedBy": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "VisibilityRequest": {
        "type": "object",
        "required": [
          "visibility"
        ],
        "additionalProperties": false,
        "properties": {
          "visibility": {
            "$ref": "#/components/schemas/Visibility"
          }
        }
      }
    }
  },
  "paths": {
    "/token": {
      "get": {
        "operationId": "GetRegistryToken",
        "summary": "Docker Registry v2 token (HTTP Basic with a personal access token or a robot secret, or anonymous).",
        "description": "Repeated and space-separated `scope` parameters (`repository:<name>:<actions>`,\n`registry:catalog:*`). Denied scopes come back with empty actions. Unauthenticated route.\n",
        "security": [],
        "parameters": [
          {
            "name": "service",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "scope",
            "in": "query",
            "required": false,
            "style": "form",
            "explode": true,
            "schema": {
              "type": "array",
              "maxItems": 50,
              "items": {
                "type": "string"
              }
            }
          },
          {
            "name": "account",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "client_id",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "offline_token",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 10
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A signed token granting what the caller may do.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RegistryToken"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "description": "Bad credentials, or a user no longer in the catalog (WWW-Authenticate Basic).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RegistryError"
                }
              }
            }
          },
          "429": {
            "description": "Too many failed attempts (Retry-After).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RegistryError"
                }
              }
            }
          }
        }
      }
    },
    "/webhooks/registry": {
      "post": {
        "operationId": "PostRegistryNotifications",
        "summary": "The registry's notification envelope (bearer secret), recorded in the activity feed.",
        "security": [],
        "requestBody": {
          "required": true,
          "content": {
            "application/vnd.docker.distribution.events.v1+json": {
              "schema": {
                "type": "object",
                "required": [
                  "events"
                ],
                "properties": {
                  "events": {
                    "type": "array",
                    "items": {
                      "type": "object"
                    }
                  }
                }
              }
            },
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "events"
                ],
                "properties": {
                  "events": {
                    "type": "array",
                    "items": {
                      "type": "object"
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "How many events were recorded.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "handled"
                  ],
                  "properties": {
                    "handled": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/build-tokens": {
      "post": {
        "operationId": "CreateBuildToken",
        "summary": "A push token for one repository and one build (the builds plugin's service principal only).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "repository",
                  "build"
                ],
                "additionalProperties": false,
                "properties": {
                  "repository": {
                    "type": "string"
                  },
                  "build": {
                    "type": "string",
                    "pattern": "^[a-z0-9][a-z0-9.#-]{0,127}$"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RegistryToken"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/groups": {
      "get": {
        "operationId": "ListImageGroups",
        "summary": "The image groups the caller may see, by name, a page at a time.",
        "parameters": [
          {
            "$ref": "#/components/parameters/PageLimit"
          },
          {
            "$ref": "#/components/parameters/PageCursor"
          }
        ],
        "responses": {
          "200": {
            "description": "Groups, with the repositories the caller sees counted.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ImageGroup"
                      }
                    },
                    "nextCursor": {
                      "$ref": "#/components/schemas/NextCursor"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "CreateImageGroup",
        "summary": "Creates an image group; the caller becomes its Owner (cellport.image-group.create).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "name"
                ],
                "additionalProperties": false,
                "properties": {
                  "name": {
                    "type": "string",
                    "maxLength": 255
                  },
                  "visibility": {
                    "$ref": "#/components/schemas/Visibility"
                  },
                  "description": {
                    "type": "string",
                    "maxLength": 1000
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ImageGroup"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/groups/{group}": {
      "get": {
        "operationId": "GetImageGroup",
        "responses": {
          "200": {
            "description": "The group.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ImageGroup"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      },
      "patch": {
        "operationId": "UpdateImageGroup",
        "summary": "Description (Master) and visibility (Owner).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "visibility": {
                    "$ref": "#/components/schemas/Visibility"
                  },
                  "description": {
                    "type": "string",
                    "maxLength": 1000
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The group.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ImageGroup"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      },
      "delete": {
        "operationId": "DeleteImageGroup",
        "summary": "Deletes the group, its repositories and every manifest they hold (Owner).",
        "responses": {
          "204": {
            "$ref": "#/components/responses/NoContent"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/groups/{group}/visibility": {
      "put": {
        "operationId": "SetImageGroupVisibility",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/VisibilityRequest"
              }
            }
          }
        },
        "responses": {
          "204": {
            "$ref": "#/components/responses/NoContent"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/groups/{group}/repositories": {
      "get": {
        "operationId": "ListGroupRepositories",
        "responses": {
          "200": {
            "description": "The repositories of the group the caller may see, by name, a page at a time.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ImageRepository"
                      }
                    },
                    "nextCursor": {
                      "$ref": "#/components/schemas/NextCursor"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "$ref": "#/components/parameters/PageLimit"
          },
          {
            "$ref": "#/components/parameters/PageCursor"
          }
        ]
      },
      "post": {
        "operationId": "CreateRepository",
        "summary": "Creates a repository (the group's Developer); the caller becomes its Owner.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "name"
                ],
                "additionalProperties": false,
                "properties": {
                  "name": {
                    "type": "string",
                    "maxLength": 255
                  },
                  "visibility": {
                    "type": "string",
                    "nullable": true,
                    "enum": [
                      "private",
                      "public",
                      null
                    ],
                    "description": "Its own visibility, or null to follow the group's."
                  },
                  "description": {
                    "type": "string",
                    "maxLength": 1000
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ImageRepository"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/groups/{group}/activity": {
      "get": {
        "operationId": "ListImageGroupActivity",
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Page size 1 to 500 (default 50).",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,4}$"
            }
          },
          {
            "name": "before",
            "in": "query",
            "required": false,
            "description": "Only entries with a smaller id (the next page).",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,18}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Pushes, deletes, member and visibility changes, newest first (Reporter).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActivityList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/groups/{group}/members": {
      "get": {
        "operationId": "ListImageGroupMembers",
        "responses": {
          "200": {
            "description": "Members by member ref, a page at a time (Guest).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "$ref": "#/components/parameters/PageLimit"
          },
          {
            "$ref": "#/components/parameters/PageCursor"
          }
        ]
      },
      "post": {
        "operationId": "AddImageGroupMember",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The member.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Member"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/groups/{group}/members/{member}": {
      "put": {
        "operationId": "UpdateImageGroupMember",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The member.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Member"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "member",
            "in": "path",
            "required": true,
            "description": "URL-encoded catalog entity reference, e.g. user%3Adefault%2Fbob.",
            "schema": {
              "type": "string",
              "maxLength": 512
            }
          }
        ]
      },
      "delete": {
        "operationId": "RemoveImageGroupMember",
        "responses": {
          "204": {
            "$ref": "#/components/responses/NoContent"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "member",
            "in": "path",
            "required": true,
            "description": "URL-encoded catalog entity reference, e.g. user%3Adefault%2Fbob.",
            "schema": {
              "type": "string",
              "maxLength": 512
            }
          }
        ]
      }
    },
    "/groups/{group}/transfer": {
      "post": {
        "operationId": "TransferImageGroup",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The members after the transfer.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/groups/{group}/robots": {
      "get": {
        "operationId": "ListRobots",
        "responses": {
          "200": {
            "description": "Robots of the group by name, a page at a time (Master; a robot service plugin sees its own).",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/RobotAccount"
                      }
                    },
                    "nextCursor": {
                      "$ref": "#/components/schemas/NextCursor"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "$ref": "#/components/parameters/PageLimit"
          },
          {
            "$ref": "#/components/parameters/PageCursor"
          }
        ]
      },
      "post": {
        "operationId": "CreateRobot",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "name",
                  "scopes"
                ],
                "additionalProperties": false,
                "properties": {
                  "name": {
                    "type": "string",
                    "maxLength": 255
                  },
                  "scopes": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 50,
                    "items": {
                      "$ref": "#/components/schemas/RobotScope"
                    }
                  },
                  "expiresInDays": {
                    "type": "integer",
                    "minimum": 1
                  },
                  "onBehalfOf": {
                    "type": "string",
                    "maxLength": 255,
                    "description": "Service callers only."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The robot and its secret (shown once).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedRobotAccount"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/groups/{group}/robots/{robot}": {
      "delete": {
        "operationId": "DeleteRobot",
        "responses": {
          "204": {
            "$ref": "#/components/responses/NoContent"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "robot",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/repositories": {
      "get": {
        "operationId": "SearchRepositories",
        "parameters": [
          {
            "name": "q",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "$ref": "#/components/parameters/PageLimit"
          },
          {
            "$ref": "#/components/parameters/PageCursor"
          }
        ],
        "responses": {
          "200": {
            "description": "Repositories the caller may see whose name contains `q`, by name, a page at a time.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "registryHost"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ImageRepository"
                      }
                    },
                    "registryHost": {
                      "type": "string"
                    },
                    "nextCursor": {
                      "$ref": "#/components/schemas/NextCursor"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/repositories/{group}/{name}": {
      "get": {
        "operationId": "GetRepository",
        "responses": {
          "200": {
            "description": "The repository, what the caller may do on it, and the registry host.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ImageRepository"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      },
      "patch": {
        "operationId": "UpdateRepository",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "visibility": {
                    "type": "string",
                    "nullable": true,
                    "enum": [
                      "private",
                      "public",
                      null
                    ],
                    "description": "Its own visibility, or null to follow the group's."
                  },
                  "description": {
                    "type": "string",
                    "maxLength": 1000
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The repository.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ImageRepository"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      },
      "delete": {
        "operationId": "DeleteRepository",
        "summary": "Deletes the repository and every manifest it holds, tagged or not (Owner).",
        "responses": {
          "204": {
            "$ref": "#/components/responses/NoContent"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/repositories/{group}/{name}/visibility": {
      "put": {
        "operationId": "SetRepositoryVisibility",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/VisibilityRequest"
              }
            }
          }
        },
        "responses": {
          "204": {
            "$ref": "#/components/responses/NoContent"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/repositories/{group}/{name}/tags": {
      "get": {
        "operationId": "ListTags",
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "1 to 1000 (default 50).",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,4}$"
            }
          },
          {
            "name": "last",
            "in": "query",
            "required": false,
            "description": "The last tag of the previous page (the registry's own paging; or `cursor`).",
            "schema": {
              "type": "string",
              "maxLength": 128
            }
          },
          {
            "$ref": "#/components/parameters/PageCursor"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of tags with digest, size, push time and pusher.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ImageTagPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/repositories/{group}/{name}/tags/{tag}": {
      "delete": {
        "operationId": "DeleteTag",
        "responses": {
          "200": {
            "description": "The deleted tag and the digest it pointed to.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "tag",
                    "digest"
                  ],
                  "properties": {
                    "tag": {
                      "type": "string"
                    },
                    "digest": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "tag",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "maxLength": 128
            }
          }
        ]
      }
    },
    "/repositories/{group}/{name}/activity": {
      "get": {
        "operationId": "ListRepositoryActivity",
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Page size 1 to 500 (default 50).",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,4}$"
            }
          },
          {
            "name": "before",
            "in": "query",
            "required": false,
            "description": "Only entries with a smaller id (the next page).",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,18}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The repository's activity, newest first (Reporter).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActivityList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/repositories/{group}/{name}/members": {
      "get": {
        "operationId": "ListRepositoryMembers",
        "responses": {
          "200": {
            "description": "Direct members and those inherited from the group, by member ref, a page at a time (Guest).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "$ref": "#/components/parameters/PageLimit"
          },
          {
            "$ref": "#/components/parameters/PageCursor"
          }
        ]
      },
      "post": {
        "operationId": "AddRepositoryMember",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The member.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Member"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/repositories/{group}/{name}/members/{member}": {
      "put": {
        "operationId": "UpdateRepositoryMember",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The member.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Member"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "member",
            "in": "path",
            "required": true,
            "description": "URL-encoded catalog entity reference, e.g. user%3Adefault%2Fbob.",
            "schema": {
              "type": "string",
              "maxLength": 512
            }
          }
        ]
      },
      "delete": {
        "operationId": "RemoveRepositoryMember",
        "responses": {
          "204": {
            "$ref": "#/components/responses/NoContent"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "member",
            "in": "path",
            "required": true,
            "description": "URL-encoded catalog entity reference, e.g. user%3Adefault%2Fbob.",
            "schema": {
              "type": "string",
              "maxLength": 512
            }
          }
        ]
      }
    },
    "/repositories/{group}/{name}/transfer": {
      "post": {
        "operationId": "TransferRepository",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The members after the transfer.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "group",
            "in": "path",
            "required": true,
            "description": "Image group name (registry path component).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Repository name inside its group.",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ]
      }
    },
    "/tokens": {
      "get": {
        "operationId": "ListPersonalAccessTokens",
        "parameters": [
          {
            "$ref": "#/components/parameters/PageLimit"
          },
          {
            "$ref": "#/components/parameters/PageCursor"
          }
        ],
        "responses": {
          "200": {
            "description": "The caller's personal access tokens, newest first, a page at a time (never their secrets).",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "registryHost"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/PersonalAccessToken"
                      }
                    },
                    "registryHost": {
                      "type": "string"
                    },
                    "nextCursor": {
                      "$ref": "#/components/schemas/NextCursor"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "CreatePersonalAccessToken",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "name"
                ],
                "additionalProperties": false,
                "properties": {
                  "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 100
                  },
                  "expiresInDays": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Default 30; at most registry.maxTokenLifetimeDays."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The token, shown once.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedPersonalAccessToken"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/tokens/{id}": {
      "delete": {
        "operationId": "RevokePersonalAccessToken",
        "responses": {
          "204": {
            "$ref": "#/components/responses/NoContent"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ]
      }
    },
    "/admin/operations": {
      "get": {
        "operationId": "AdminRegistryOperations",
        "summary": "Admin: image pushes per day",
        "description": "Platform admins only (everyone else gets the 404 of an unknown route). Image pushes (the registry's push notifications of tagged or untagged manifests, as in the activity feeds) per UTC day over the last `days` days, oldest first, every day present.",
        "parameters": [
          {
            "name": "days",
            "in": "query",
            "description": "Days to cover, today included (1 to 90, default 30).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The counts.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "days": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "date": {
                            "type": "string",
                            "description": "YYYY-MM-DD (UTC)"
                          },
                          "pushes": {
                            "type": "integer"
                          }
                        },
                        "required": [
                          "date",
                          "pushes"
                        ]
                      }
                    }
                  },
                  "required": [
                    "days"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/admin/quotas": {
      "get": {
        "operationId": "AdminListImageGroupQuotas",
        "summary": "Admin: list image group quotas",
        "description": "Platform admins only. Every owner group with a quota or with image groups, with its limit (`{}`: no quota) and usage (the image groups created by its members).",
        "responses": {
          "200": {
            "description": "The quotas.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "quotas": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ImageGroupQuota"
                      }
                    }
                  },
                  "required": [
                    "quotas"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/admin/quotas/{ownerGroup}": {
      "put": {
        "operationId": "AdminSetImageGroupQuota",
        "summary": "Admin: set image group quota",
        "description": "Platform admins only. Sets (replaces) an owner group's image group quota; omitted means unlimited. Enforced at `POST /groups` (409 naming the quota, its limit and the use).",
        "parameters": [
          {
            "name": "ownerGroup",
            "in": "path",
            "required": true,
            "description": "An owner group's entity reference (`group:default/team-a`).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ImageGroupQuotaLimits"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The quota with its usage.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ImageGroupQuota"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "delete": {
        "operationId": "AdminDeleteImageGroupQuota",
        "summary": "Admin: delete image group quota",
        "description": "Platform admins only. Removes an owner group's quota (404 when it has none).",
        "parameters": [
          {
            "name": "ownerGroup",
            "in": "path",
            "required": true,
            "description": "An owner group's entity reference (`group:default/team-a`).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    }
  }
} as const;
